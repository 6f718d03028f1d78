package org.ldirector.director.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * ldirectord's {@code %EMAILSTATUS} ({@code ld_emailalert_send}): the reals that are down, by reminder id {@code <rip:rport> (<vip>)},
 * with the time of the last mail about each, for the {@code Inaccessible real server} reminders. One owner for the
 * whole daemon, kept across reloads, so the storms of upstream PRs #251, #756, #760 and #870 cannot happen: a
 * fallback never starts a reminder, a reload neither loses nor duplicates an entry, and a replayed event for a real
 * that is already known to be down changes nothing. Not thread-safe: {@link EmailAlerts} guards it.
 */
final class Reminders {

    /** A reminder that is due: the subject and the virtual whose settings it is sent with. */
    record Due(String message, VirtualService virtual) {
    }

    private static final String INACCESSIBLE = "Inaccessible real server: ";
    private static final String PURGED_VIRTUAL = "Purged virtual server";

    private static final class Entry {
        VirtualService virtual;
        final String server;
        final String subject;
        Instant lastMail;

        Entry(VirtualService virtual, String server, String subject, Instant lastMail) {
            this.virtual = virtual;
            this.server = server;
            this.subject = subject;
            this.lastMail = lastMail;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Updates the bookkeeping for {@code event}, whether or not it will be mailed (ldirectord updates it before its
     * filters, so a change that was not mailed, say at start with {@code emailalertstatus=running}, still clears a
     * reminder). Deleted and quiescent reals start a reminder; every other mailed change (added, restored,
     * fallback, purged) clears the reminder of its id.
     *
     * @param subject what the mail about {@code event} says (its log line, but {@code Readd Quiescent} is mailed as
     *                {@code Quiescent})
     * @return false when the event only repeats the down state already recorded for its real (the same subject
     *         again, e.g. replayed after a reload): it is not mailed again and its reminder keeps its time
     */
    boolean record(TableEvent event, String subject, Instant now) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(now, "now");
        String id = event.reminderId();
        return switch (event.kind()) {
            case DELETED_REAL, QUIESCENT_REAL, READD_QUIESCENT_REAL -> {
                Entry known = entries.get(id);
                if (known != null && known.subject.equals(subject)) {
                    known.virtual = event.virtual();
                    yield false;
                }
                entries.put(id, new Entry(event.virtual(), event.server(), subject, now));
                yield true;
            }
            case ADDED_REAL, RESTORED_REAL, ADDED_FALLBACK, RESTORED_FALLBACK, DELETED_FALLBACK,
                 PURGED_REAL_START, PURGED_REAL_STOP -> {
                entries.remove(id);
                yield true;
            }
            case VIRTUAL -> {
                if (event.message().startsWith(PURGED_VIRTUAL)) {
                    // ldirectord kept reminding about the reals of a virtual it had removed
                    ServiceKey gone = event.virtual().key();
                    entries.values().removeIf(e -> e.virtual.key().equals(gone));
                }
                yield true;
            }
        };
    }

    /**
     * {@code ld_emailalert_resend}: the reminders whose last mail is at least {@code emailalertfreq} seconds old
     * (0 = never); their time is set to {@code now}, whether or not the mail then passes the filters.
     */
    List<Due> due(Instant now) {
        List<Due> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            int frequency = entry.virtual.emailAlert().frequency();
            if (frequency <= 0 || Duration.between(entry.lastMail, now).compareTo(Duration.ofSeconds(frequency)) < 0) {
                continue;
            }
            entry.lastMail = now;
            out.add(new Due(INACCESSIBLE + e.getKey(), entry.virtual));
        }
        return out;
    }

    /**
     * After a reload: reminders follow the new settings of their virtual (frequency, recipients, servicename, ...);
     * those of virtuals or reals that are no longer configured end.
     */
    void retarget(DirectorConfig config) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            Optional<VirtualService> now = config.virtual(entry.virtual.key());
            if (now.isPresent() && configures(now.get(), entry.server)) {
                entry.virtual = now.get();
            } else {
                it.remove();
            }
        }
    }

    /** The ids that have a reminder, in the order they were recorded. */
    List<String> ids() {
        return List.copyOf(entries.keySet());
    }

    /** Whether {@code server} (as the kernel shows it) is one of {@code v}'s reals. */
    private static boolean configures(VirtualService v, String server) {
        for (RealServer r : v.reals()) {
            if (r.endpoint().toString().equals(server)) {
                return true;
            }
            // gate and ipip reals take the virtual's port in the kernel (engine.KernelRules)
            if (v.key() instanceof ServiceKey.Address a
                    && r.endpoint().withPort(a.endpoint().port()).toString().equals(server)) {
                return true;
            }
        }
        return false;
    }
}
