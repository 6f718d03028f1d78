package org.ldirector.monitor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Runs a blocking monitor on a virtual thread of its own, for the checks the event loops leave to it. */
final class Handoff {

    private Handoff() {
    }

    static CompletableFuture<CheckResult> blocking(Monitor monitor, CheckTarget target, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        into(result, monitor, target, timeout);
        return result;
    }

    /** Completes {@code result} with {@code monitor}'s verdict; the thread is interrupted if the result is cancelled. */
    static void into(CompletableFuture<CheckResult> result, Monitor monitor, CheckTarget target, Duration timeout) {
        Thread t = Thread.ofVirtual().name("check " + target.hostForUrl() + ":" + target.port()).start(() -> {
            try {
                result.complete(monitor.check(target, timeout));
            } catch (RuntimeException | Error e) {
                result.complete(CheckResult.down(String.valueOf(e.getMessage() != null ? e.getMessage() : e)));
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                t.interrupt();
            }
        });
    }
}
