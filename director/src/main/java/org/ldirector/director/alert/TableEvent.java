package org.ldirector.director.alert;

import java.util.Objects;

import org.ldirector.director.config.EmailAlert;
import org.ldirector.director.config.VirtualService;

/**
 * One change the director made to the IPVS table, as ldirectord alerts on it ({@code ld_emailalert_send}): the log
 * line it wrote ({@code message}, e.g. {@code Deleted real server: 10.0.0.2:80 (10.0.0.1:80)}),
 * what kind of change it was, the real or fallback it concerns ({@code rip:rport}, empty for
 * virtual-level changes), and the virtual it belongs to.
 */
public record TableEvent(Kind kind, String message, String server, VirtualService virtual) {

    /** The changes ldirectord mails about, and whether each starts or clears a reminder. */
    public enum Kind {
        ADDED_REAL, RESTORED_REAL, DELETED_REAL, QUIESCENT_REAL, READD_QUIESCENT_REAL,
        ADDED_FALLBACK, RESTORED_FALLBACK, DELETED_FALLBACK,
        PURGED_REAL_START, PURGED_REAL_STOP,
        /** Virtual-level changes: logged, never mailed by ldirectord. */
        VIRTUAL;

        /** Deleted/quiescent reals are remembered for "Inaccessible real server" reminders. */
        public boolean startsReminder() {
            return this == DELETED_REAL || this == QUIESCENT_REAL || this == READD_QUIESCENT_REAL;
        }

        public boolean isMailed() {
            return this != VIRTUAL;
        }
    }

    public TableEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(virtual, "virtual");
    }

    /** The reminder id ldirectord uses: {@code <rip:rport> (<vip>)}. */
    public String reminderId() {
        return server + " (" + virtual.key().display() + ")";
    }

    public EmailAlert emailAlert() {
        return virtual.emailAlert();
    }
}
