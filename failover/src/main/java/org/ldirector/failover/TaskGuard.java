package org.ldirector.failover;

import java.util.Objects;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps a repeating task alive: a {@code ScheduledExecutorService} cancels a periodic task for good at its first
 * exception and says nothing (one bad read of the connection table stopped replication until restart). A task
 * wrapped here logs what failed and runs again at its next turn. The same failure is logged once, then at most
 * every {@link #REPEAT_NANOS} with the number of failures in between; the first run that works again is logged.
 */
final class TaskGuard {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final long REPEAT_NANOS = 60_000_000_000L;

    private final String what;
    private final LongSupplier clock;
    private String lastError;
    private long lastLogged;
    private long unlogged;

    /** @param what what the task does, for the log ("Replicating the connection table") */
    TaskGuard(String what, LongSupplier clock) {
        this.what = what;
        this.clock = clock;
    }

    Runnable wrap(Runnable task) {
        return () -> run(task);
    }

    /** Runs {@code task} now; an exception is logged, not thrown. Returns whether it ran to its end. */
    boolean run(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) { // an Error too (OutOfMemoryError on a huge table): the next turn may work
            failed(e);
            return false;
        }
        worked();
        return true;
    }

    private synchronized void failed(Throwable e) {
        String error = e.toString();
        long now = clock.getAsLong();
        if (!error.equals(lastError) || now - lastLogged >= REPEAT_NANOS) {
            LOG.error("{} failed{}: {}; it runs again at its next turn", what,
                    unlogged > 0 ? " (" + unlogged + " more failures since the last report)" : "", error);
            lastError = error;
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
    }

    private synchronized void worked() {
        if (lastError != null) {
            LOG.info("{} works again", what);
            lastError = null;
            unlogged = 0;
        }
    }

    @Override
    public String toString() {
        return Objects.toString(what);
    }
}
