package org.ldirector.director.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.CheckType;
import org.ldirector.monitor.AsyncMonitor;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.Transport;

/**
 * Runs the probe of one {@link CheckSpec}: picks the monitor as ldirectord's {@code _check_real}
 * does, keeps the combined-check counter, and bounds every probe by its timeout even if a
 * monitor misbehaves (the monitor runs on its own virtual thread, which is interrupted and
 * abandoned at the deadline). An {@link AsyncMonitor} (the event-loop HTTP and connect checks)
 * needs no thread of its own: the probe waits on its future, and cancels it at the deadline.
 *
 * <p>At most one monitor call per spec is ever in flight: while an abandoned call is still
 * unwinding, {@link #run} answers {@link #STUCK} (a failure) instead of starting a second one
 * next to it. Without this, an overloaded machine piles abandoned probes up until it runs out of
 * CPU and heap.
 */
final class Probe {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    /** How long past its timeout a probe may run before we stop waiting for it. */
    static final Duration GRACE = Duration.ofMillis(50);
    private static final int NEGOTIATE_NEXT = 999_999;
    /** A probe still waiting after this long is waiting on its peer: it gives its admission permit back. */
    static final Duration EARLY_RELEASE = Duration.ofMillis(100);

    private final CheckSpec spec;
    private final MonitorFactory monitors;
    private final String threadName;
    /** ldirectord's {@code num_connects}: starts high so the first round of a combined check negotiates. */
    private int numConnects = NEGOTIATE_NEXT;
    /** The monitor call of the last probe, while it may still be running (abandoned at its deadline). */
    private Thread inFlight;
    /** The async monitor call of the last probe, while it may still be running. */
    private CompletableFuture<CheckResult> inFlightCall;
    private InFlightLimit.Permit permit = InFlightLimit.Permit.NONE;
    /** The result while an abandoned monitor call has not ended: a failure, so a check that never returns does not leave its real up. */
    static final CheckResult STUCK = CheckResult.down("the previous check has not returned");
    /** Whether the current stuck call has been reported. */
    private boolean stuckReported;

    Probe(CheckSpec spec, MonitorFactory monitors) {
        this.spec = spec;
        this.monitors = monitors;
        this.threadName = "probe " + spec.describe();
    }

    CheckSpec spec() {
        return spec;
    }

    /**
     * Runs one probe; never throws. Not for concurrent use (one loop owns each probe).
     *
     * @param permit released once the monitor has been waiting {@link #EARLY_RELEASE}, or at the end
     * @return the result; a failure when the previous, abandoned monitor call has not ended yet
     *         (a check that never returns must not leave its real up), reported once per stuck call
     */
    CheckResult run(InFlightLimit.Permit permit) {
        if (stillBusy()) {
            permit.release();
            if (!stuckReported) {
                stuckReported = true;
                LOG.info("Check of {} has not returned after its timeout; counting it as failed until it does", spec.describe());
            }
            return STUCK;
        }
        if (stuckReported) {
            stuckReported = false;
            LOG.info("Check of {} has returned; checking again", spec.describe());
        }
        this.permit = permit;
        try {
            return runNow();
        } finally {
            permit.release();
            this.permit = InFlightLimit.Permit.NONE;
        }
    }

    /** True if the abandoned monitor call of an earlier probe does not end within {@link #GRACE}. */
    private boolean stillBusy() {
        if (inFlightCall != null && !inFlightCall.isDone()) {
            try {
                inFlightCall.get(GRACE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                return false;
            }
        }
        if (inFlight == null || !inFlight.isAlive()) {
            return false;
        }
        try {
            return !inFlight.join(GRACE); // it was interrupted: a well-behaved monitor ends now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private CheckResult runNow() {
        return switch (spec.type()) {
            case ON -> CheckResult.up("-");
            case OFF -> throw new IllegalStateException("checktype=off is never probed");
            case NEGOTIATE -> negotiate();
            case CONNECT -> connect();
            case PING -> bounded(monitors.ping(spec.checkCount()), spec.checkTimeout().multipliedBy(Math.max(1, spec.checkCount())));
            case EXTERNAL -> bounded(monitors.external(spec.command()), spec.checkTimeout());
            case EXTERNAL_PERL -> bounded(monitors.externalPerl(spec.command()), spec.checkTimeout());
            case COMBINED -> combined();
        };
    }

    private CheckResult negotiate() {
        Monitor m = monitors.negotiate(spec.service());
        if (m == null) {
            return CheckResult.up("-"); // service=none
        }
        return bounded(m, spec.negotiateTimeout());
    }

    /** ldirectord runs the ping check for checktype=connect on UDP services. */
    private CheckResult connect() {
        if (spec.target().transport() == Transport.UDP) {
            return bounded(monitors.ping(spec.checkCount()), spec.checkTimeout().multipliedBy(Math.max(1, spec.checkCount())));
        }
        return bounded(monitors.connect(), spec.checkTimeout());
    }

    private CheckResult combined() {
        if (numConnects >= spec.combinedConnects()) {
            CheckResult r = negotiate();
            if (r.up()) {
                numConnects = 0;
            }
            return r;
        }
        CheckResult r = spec.target().transport() == Transport.UDP
                ? CheckResult.up("-") // a UDP connect() always succeeds, as in _check_real
                : bounded(monitors.connect(), spec.checkTimeout());
        numConnects = r.up() ? numConnects + 1 : NEGOTIATE_NEXT;
        return r;
    }

    private CheckResult bounded(Monitor monitor, Duration timeout) {
        if (monitor instanceof AsyncMonitor async) {
            return awaited(async, timeout);
        }
        AtomicReference<CheckResult> result = new AtomicReference<>();
        Thread t = Thread.ofVirtual().name(threadName).start(() -> {
            try {
                result.set(monitor.check(spec.target(), timeout));
            } catch (RuntimeException | Error e) {
                result.set(CheckResult.down(String.valueOf(e.getMessage() != null ? e.getMessage() : e)));
            }
        });
        inFlight = t;
        try {
            Duration limit = timeout.plus(GRACE);
            boolean done = t.join(EARLY_RELEASE.compareTo(limit) < 0 ? EARLY_RELEASE : limit);
            permit.release();
            if (!done && !t.join(limit.minus(EARLY_RELEASE))) {
                t.interrupt();
                LOG.debug("check of {} exceeded its {} s timeout; abandoned", spec.describe(), timeout.toSeconds());
                return CheckResult.down("timed out after " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        }
        CheckResult r = result.get();
        return r != null ? r : CheckResult.down("no result");
    }

    /** {@link #bounded} for a monitor that completes a future: the same limits and messages, no thread. */
    private CheckResult awaited(AsyncMonitor monitor, Duration timeout) {
        CompletableFuture<CheckResult> call;
        try {
            call = monitor.start(spec.target(), timeout);
        } catch (RuntimeException e) {
            return CheckResult.down(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
        }
        inFlightCall = call;
        // As for a thread: the admission permit is given back once the call has waited
        // EARLY_RELEASE (it then waits on its peer), or at the end. Giving it back at once let
        // 10,000 first probes start together and the director ran out of heap (see benchmarks.md).
        long limit = timeout.plus(GRACE).toNanos();
        long early = Math.min(EARLY_RELEASE.toNanos(), limit);
        try {
            try {
                return call.get(early, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                permit.release();
            }
            try {
                return call.get(limit - early, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                LOG.debug("check of {} exceeded its {} s timeout; abandoned", spec.describe(), timeout.toSeconds());
                return CheckResult.down("timed out after " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return CheckResult.down(String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
        } catch (java.util.concurrent.CancellationException e) {
            return CheckResult.down("interrupted");
        }
    }

    boolean isScheduled() {
        return spec.type() != CheckType.OFF;
    }
}
