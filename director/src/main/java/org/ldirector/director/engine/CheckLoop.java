package org.ldirector.director.engine;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import org.ldirector.monitor.CheckResult;

/**
 * One virtual thread that probes one {@link CheckSpec} at a fixed rate (start to start), so a slow
 * or hung backend delays nothing but itself. ldirectord runs every check in one serial loop, so one
 * hung backend stalls them all (bug 12).
 */
final class CheckLoop {

    private final Probe probe;
    private final BiConsumer<CheckSpec, CheckResult> sink;
    private final Thread thread;
    private final LatenessRecorder lateness;
    private volatile long intervalNanos;
    private volatile boolean running = true;
    private volatile boolean pokeRequested;

    CheckLoop(Probe probe, Duration interval, Duration firstDelay, BiConsumer<CheckSpec, CheckResult> sink,
              LatenessRecorder lateness) {
        this.probe = probe;
        this.sink = sink;
        this.lateness = lateness;
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofVirtual().name("check " + probe.spec().describe()).unstarted(() -> loop(firstDelay.toNanos()));
    }

    void start() {
        thread.start();
    }

    void setInterval(Duration interval) {
        intervalNanos = interval.toNanos();
    }

    /** Runs the next probe now (tests, and {@code SIGUSR}-style "check now" requests). */
    void poke() {
        pokeRequested = true;
        LockSupport.unpark(thread);
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    private void loop(long firstDelayNanos) {
        long due = System.nanoTime() + firstDelayNanos;
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
            long started = System.nanoTime();
            if (!poked) {
                lateness.record(started - due);
            }
            CheckResult result = probe.run();
            if (!running) {
                return;
            }
            sink.accept(probe.spec(), result);
            due = poked ? started + intervalNanos : due + intervalNanos;
            long now = System.nanoTime();
            if (due < now) {
                // The probe took longer than the interval: start the next one now rather than
                // firing a burst to catch up.
                due = now;
            }
        }
    }
}
