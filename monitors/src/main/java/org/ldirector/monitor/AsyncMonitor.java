package org.ldirector.monitor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A monitor that can run a check without a thread waiting on it: {@link #start} returns at once
 * and the result arrives on a future, completed by an event loop ({@link ExchangeLoop}) no later
 * than the timeout. {@link #check} is the same check for callers that want to block.
 */
public interface AsyncMonitor extends Monitor {

    /**
     * Starts one check of {@code target}. The future is completed (never exceptionally) within
     * {@code timeout} plus the event loop's reaction time; cancelling it closes the connection.
     */
    CompletableFuture<CheckResult> start(CheckTarget target, Duration timeout);

    /**
     * Checks of {@code target} every {@code interval}, scheduled on an event loop by the loop itself
     * (not started yet: {@link RecurringCheck#start}); null when this monitor checks that target
     * some other way, and the caller schedules {@link #check} or {@link #start} itself.
     */
    default RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                                     RecurringCheck.Listener listener) {
        return null;
    }

    /** {@link #start} and wait: an interrupt ends the wait with {@code interrupted}, as the blocking checks do. */
    @Override
    default CheckResult check(CheckTarget target, Duration timeout) {
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        CompletableFuture<CheckResult> result = start(target, timeout);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (ExecutionException e) {
            return CheckResult.down(Failures.describe(e.getCause()));
        }
    }
}
