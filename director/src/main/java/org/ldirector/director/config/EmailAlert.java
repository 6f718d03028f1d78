package org.ldirector.director.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * E-mail alert settings as they apply to one virtual (per-virtual value, else global).
 *
 * @param recipients   the raw {@code emailalert} value (comma-separated); empty = no mail
 * @param frequency    {@code emailalertfreq} seconds between reminders; 0 = no reminders
 * @param statuses     daemon states in which mail is sent ({@code emailalertstatus}); empty = none
 * @param from         {@code emailalertfrom} (global only)
 * @param smtp         {@code smtp} relay host, empty = local mailer
 */
public record EmailAlert(String recipients, int frequency, Set<DaemonStatus> statuses, Optional<String> from,
                         Optional<String> smtp) {

    public EmailAlert {
        Objects.requireNonNull(recipients, "recipients");
        statuses = Set.copyOf(statuses);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(smtp, "smtp");
    }

    public static final EmailAlert NONE = new EmailAlert("", 0, Set.of(DaemonStatus.values()), Optional.empty(), Optional.empty());

    /** The daemon states of ldirectord's {@code emailalertstatus}. */
    public enum DaemonStatus { STARTING, RUNNING, STOPPING, RELOADING }
}
