package org.ldirector.monitor;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one probe on a virtual thread of its own while the caller waits at most the timeout: the
 * {@link Monitor} contract for checks that talk to a peer through code we do not control (JDBC,
 * LDAP, FTP libraries) or through plain sockets.
 *
 * <p>The body bounds its own I/O with {@link Session#soTimeoutMillis()}; this class is the hard
 * bound behind it. At the deadline, or when the caller is interrupted, everything the body handed
 * to {@link Session#closeOnAbort} is closed from the caller's thread (which unblocks socket I/O on
 * any kind of thread) and the worker is interrupted, and the caller returns at once:
 * {@code DOWN <timeout message>} or {@code DOWN interrupted} (keeping the interrupt status).
 */
final class BoundedProbe {

    /** The probe proper: returns the verdict on protocol grounds, throws on transport failures. */
    @FunctionalInterface
    interface Body {
        CheckResult run(Session session) throws Exception;
    }

    /** What one run of a body shares with its caller: the deadline and what to close on abort. */
    static final class Session {
        private final Deadline deadline;
        private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
        private volatile String timeoutMessage;
        private volatile boolean aborted;

        private Session(Deadline deadline) {
            this.deadline = deadline;
            this.timeoutMessage = "timed out after " + Deadline.format(deadline.timeout());
        }

        Deadline deadline() {
            return deadline;
        }

        /** The time left as a socket timeout: at least 1 ms (0 would mean "forever"). */
        int soTimeoutMillis() throws SocketTimeoutException {
            long millis = deadline.remainingMillis();
            if (millis == 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            return (int) Math.min(Integer.MAX_VALUE, millis);
        }

        /** Registers {@code resource} to be closed if the caller gives up; returns it. */
        <T extends AutoCloseable> T closeOnAbort(T resource) {
            resources.add(resource);
            if (aborted) {
                closeQuietly(resource);
            }
            return resource;
        }

        /** What a timeout means from now on (e.g. LDAP's {@code No answer received} once connected). */
        void onTimeout(String message) {
            timeoutMessage = message;
        }

        String timeoutMessage() {
            return timeoutMessage;
        }

        private void abort() {
            aborted = true;
            resources.forEach(BoundedProbe::closeQuietly);
        }
    }

    private BoundedProbe() {
    }

    /**
     * Runs {@code body} for at most {@code timeout}.
     *
     * @param threadName name of the worker thread (shows in thread dumps)
     * @param onFailure  turns an exception thrown by the body into the DOWN result; timeouts
     *                   ({@link SocketTimeoutException}, or anything once the deadline has passed)
     *                   never reach it: they become the session's timeout message
     */
    static CheckResult run(String threadName, Duration timeout, Body body, Function<Exception, CheckResult> onFailure) {
        Deadline deadline = Deadline.after(timeout);
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        Session session = new Session(deadline);
        FutureTask<CheckResult> task = new FutureTask<>(() -> {
            try {
                return body.run(session);
            } catch (Exception e) {
                if (session.aborted) {
                    return CheckResult.down("aborted");
                }
                if (isTimeout(e) || deadline.expired()) {
                    return CheckResult.down(session.timeoutMessage());
                }
                return onFailure.apply(e);
            }
        });
        Thread.ofVirtual().name(threadName).start(task);
        try {
            return task.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            session.abort();
            task.cancel(true);
            return CheckResult.down(session.timeoutMessage());
        } catch (InterruptedException e) {
            session.abort();
            task.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (ExecutionException | CancellationException e) {
            // The body's exceptions are caught inside the task; this is an Error or a bug.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.down(Failures.describe(cause));
        }
    }

    /** A read or connect that ran out of time, whatever the library wrapped it in. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || (t instanceof InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException))) {
                return true;
            }
        }
        return false;
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // closing to abort: nothing useful to do with a failure
        }
    }
}
