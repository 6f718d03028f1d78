package org.ldirector.director.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.monitor.CheckResult;

/**
 * One virtual thread that probes one {@link CheckSpec} at a fixed rate (start to start), so a slow
 * or hung backend delays nothing but itself. ldirectord runs every check in one serial loop, so one
 * hung backend stalls them all (bug 12).
 *
 * <p>Each probe first takes a permit of the shared {@link InFlightLimit}; how late it then starts
 * goes to the {@link LatenessRecorder}: against its schedule, or against the end of the previous
 * probe when that one overran the interval (a check whose timeout is longer than its interval
 * cannot keep the schedule, which is the configuration's doing, not the engine's). After an
 * overrun the next probe starts at once; there is no burst to catch up.
 * A first probe that ran into its timeout is tried once more before its result counts: on a cold
 * or busy machine a slow first answer is not yet a reason to leave a real out of the table.
 */
final class CheckLoop implements ProbeSchedule {

    /** Where results go, with how long the probe took. */
    @FunctionalInterface
    interface ResultSink {
        void accept(CheckSpec spec, CheckResult result, long durationNanos);

        /**
         * Several results at once, in order (the event loops' {@link ResultQueue} hands them over
         * this way); a failure of one must not lose the others.
         */
        default void acceptAll(List<Delivery> batch) {
            for (Delivery d : batch) {
                try {
                    accept(d.spec(), d.result(), d.durationNanos());
                } catch (RuntimeException e) { // NOPMD: one bad delivery must not end the deliveries
                    LOG.error("Error handling the result of {}: {}", d.spec().describe(), e.toString());
                }
            }
        }
    }

    /** One probe's result on its way to the sink. */
    record Delivery(CheckSpec spec, CheckResult result, long durationNanos) {
    }

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final Probe probe;
    private final ResultSink sink;
    private final Thread thread;
    private final LatenessRecorder lateness;
    private final InFlightLimit limit;
    private volatile long intervalNanos;
    private volatile boolean running = true;
    private volatile boolean pokeRequested;

    CheckLoop(Probe probe, Duration interval, Duration firstDelay, ResultSink sink,
              LatenessRecorder lateness, InFlightLimit limit) {
        this.probe = probe;
        this.sink = sink;
        this.lateness = lateness;
        this.limit = limit;
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofVirtual().name("check " + probe.spec().describe()).unstarted(() -> loop(firstDelay.toNanos()));
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void setInterval(Duration interval) {
        intervalNanos = interval.toNanos();
    }

    /** Runs the next probe now (tests, and {@code SIGUSR}-style "check now" requests). */
    @Override
    public void poke() {
        pokeRequested = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    private void loop(long firstDelayNanos) {
        long due = System.nanoTime() + firstDelayNanos;
        long previousEnd = System.nanoTime();
        boolean first = true;
        while (running) {
            long wait;
            while (running && !pokeRequested && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted() && !running) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            boolean poked = pokeRequested;
            pokeRequested = false;
            CheckResult result;
            long started;
            try {
                InFlightLimit.Permit permit = limit.acquire();
                started = System.nanoTime();
                if (!poked) {
                    long earliest = previousEnd - due > 0 ? previousEnd : due;
                    lateness.record(Math.max(0, started - earliest));
                }
                result = probe.run(permit);
                if (first && !result.up() && running && ranIntoTimeout(started)) {
                    LOG.debug("First check of {} timed out; trying once more", probe.spec().describe());
                    CheckResult again = probe.run(limit.acquire());
                    if (again != Probe.STUCK) { // the timed-out call has not even ended: its result stands
                        result = again;
                    }
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue; // interrupted for another reason: try again
            }
            previousEnd = System.nanoTime();
            if (!running) {
                return;
            }
            first = false;
            try {
                sink.accept(probe.spec(), result, previousEnd - started);
            } catch (RuntimeException e) { // NOPMD: one bad delivery must not end this real's checks for good
                LOG.error("Error handling the result of {}: {}", probe.spec().describe(), e.toString());
            }
            long interval = intervalNanos;
            if (poked) {
                due = started + interval;
            } else {
                // Fixed rate; once a whole interval behind, the schedule starts again from this
                // probe's start instead of firing a burst to catch up.
                due = started - due >= interval ? started + interval : due + interval;
            }
        }
    }

    private boolean ranIntoTimeout(long startedNanos) {
        return System.nanoTime() - startedNanos >= probe.spec().maxDuration().toNanos();
    }
}
