package org.ldirector.director.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The event hooks (our extension, docs/operations.md "Event hooks"), global or as they apply to one virtual
 * (per-virtual value, else global).
 *
 * @param notifyCommand {@code notify = PATH [ARGS]}: run for every transition
 * @param monAlert   {@code monalert = PATH [ARGS]}: a mon alert, run when a real goes down
 * @param monUpAlert {@code monupalert = PATH [ARGS]}: a mon upalert, run when a down real comes back
 * @param notifyFifo {@code notifyfifo = PATH} (global only): keepalived's {@code lvs_notify_fifo} lines
 */
public record HookSettings(Optional<HookCommand> notifyCommand, Optional<HookCommand> monAlert, Optional<HookCommand> monUpAlert,
                           Optional<Path> notifyFifo) {

    public static final HookSettings NONE = new HookSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public HookSettings {
        Objects.requireNonNull(notifyCommand, "notifyCommand");
        Objects.requireNonNull(monAlert, "monAlert");
        Objects.requireNonNull(monUpAlert, "monUpAlert");
        Objects.requireNonNull(notifyFifo, "notifyFifo");
    }
}
