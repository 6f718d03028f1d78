package org.ldirector.director.alert;

import org.ldirector.director.config.EmailAlert.DaemonStatus;

/**
 * Receives every change the director applied to the IPVS table, in order, with the daemon's
 * state at that moment; and a periodic {@link #tick} for reminders. Implementations must not
 * block the caller (send mail on their own thread).
 */
public interface AlertSink {

    AlertSink NONE = new AlertSink() {
        @Override
        public void changed(TableEvent event, DaemonStatus status) {
        }

        @Override
        public void tick(DaemonStatus status) {
        }
    };

    void changed(TableEvent event, DaemonStatus status);

    /** Called about once per check interval: send reminders that are due. */
    void tick(DaemonStatus status);

    /** Waits, at most {@code timeoutMillis}, for mails already queued (at shutdown). */
    default void drain(long timeoutMillis) {
    }
}
