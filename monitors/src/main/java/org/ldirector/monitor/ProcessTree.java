package org.ldirector.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends a check command together with everything it started: SIGTERM, then SIGKILL to whatever
 * still lives a short grace later.
 *
 * <p>Descendants are listed <em>before</em> anything is signalled (once the command dies they are
 * re-parented and no longer show up as its descendants) and are signalled <em>first</em>: while the
 * command is still alive it reaps its own children (a shell waiting for a job does), so they do
 * not end up as zombies handed to init, whose reaping some container inits do slowly. The command
 * itself is reaped by the JDK. A command that double-forks a daemon is beyond reach (it was for
 * ldirectord too, which signalled only the direct child).
 */
final class ProcessTree {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private ProcessTree() {
    }

    /**
     * Terminates {@code process} and its descendants. Returns within about {@code grace} plus 10 ms;
     * keeps the caller's interrupt status.
     */
    static void terminate(Process process, Duration grace) {
        boolean interrupted = Thread.interrupted();
        try {
            long half = grace.toNanos() / 2;
            List<ProcessHandle> descendants = process.descendants().toList();
            descendants.forEach(ProcessHandle::destroy);
            interrupted |= awaitGone(descendants, half);
            process.destroy();
            interrupted |= awaitGone(List.of(process.toHandle()), half);
            if (!process.isAlive() && descendants.stream().noneMatch(ProcessHandle::isAlive)) {
                return;
            }
            List<ProcessHandle> survivors = new ArrayList<>(descendants);
            if (process.isAlive()) {
                survivors.addAll(process.descendants().toList());
            }
            survivors.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) {
                interrupted |= awaitGone(survivors, SETTLE_NANOS);
                process.destroyForcibly();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until every handle is gone (exited <em>and</em> reaped; the JDK counts a zombie as
     * alive) or {@code nanos} pass. Returns whether the thread was interrupted meanwhile.
     */
    private static boolean awaitGone(List<ProcessHandle> handles, long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            interrupted |= Thread.interrupted();
        }
        return interrupted;
    }
}
