package org.ldirector.director.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * The probe loops: one {@link CheckLoop} per check in use, started with their first probes spread
 * out, re-timed when an interval changes, stopped when their check is gone. Admission (how many
 * probes run at once) is the shared {@link InFlightLimit}. Not thread-safe: the director calls it
 * under its lock; loops deliver on their own threads.
 */
final class CheckScheduler {

    /** First probes per second after a start or reload (they are spread over more than a second beyond it). */
    static final int FIRST_ROUND_RATE = 2000;

    private final MonitorFactory monitors;
    private final CheckLoop.ResultSink sink;
    private final LatenessRecorder lateness;
    private final InFlightLimit inFlight = InFlightLimit.fromSystemProperty();
    private final Map<CheckSpec, CheckLoop> loops = new HashMap<>();
    private Duration firstRoundSpread = Duration.ZERO;

    CheckScheduler(MonitorFactory monitors, CheckLoop.ResultSink sink, LatenessRecorder lateness) {
        this.monitors = monitors;
        this.sink = sink;
        this.lateness = lateness;
    }

    /** Stops the loops of checks that are gone, re-times the kept ones, starts the fresh ones spread out. */
    void apply(HealthBook.Plan plan) {
        for (CheckSpec spec : plan.gone()) {
            CheckLoop loop = loops.remove(spec);
            if (loop != null) {
                loop.stop();
            }
        }
        for (Map.Entry<CheckSpec, CheckLoop> e : loops.entrySet()) {
            Duration interval = plan.intervals().get(e.getKey());
            if (interval != null) {
                e.getValue().setInterval(interval);
            }
        }
        List<CheckSpec> fresh = plan.fresh();
        firstRoundSpread = firstRoundSpread(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            CheckSpec spec = fresh.get(i);
            Duration interval = plan.intervals().get(spec);
            // Spread the first probes so that thousands of reals do not all fire in the same
            // instant every interval, nor all at once on a cold JVM.
            long spreadNanos = fresh.size() <= FIRST_ROUND_RATE
                    ? Math.min(interval.toNanos(), firstRoundSpread.toNanos()) : firstRoundSpread.toNanos();
            Duration firstDelay = Duration.ofNanos(fresh.size() <= 1 ? 0 : spreadNanos * i / fresh.size());
            CheckLoop loop = new CheckLoop(new Probe(spec, monitors), interval, firstDelay, sink, lateness, inFlight);
            loops.put(spec, loop);
            loop.start();
        }
    }

    /**
     * One second, or more for more than {@value #FIRST_ROUND_RATE} new checks: at most that many
     * first probes per second while the JVM is still cold.
     */
    static Duration firstRoundSpread(int newChecks) {
        return Duration.ofMillis(Math.max(1000, newChecks * 1000L / FIRST_ROUND_RATE));
    }

    /** How long the first probes of the last install are spread over. */
    Duration firstRoundSpread() {
        return firstRoundSpread;
    }

    /** Runs every probe now instead of at its next interval. */
    void pokeAll() {
        loops.values().forEach(CheckLoop::poke);
    }

    /** Stops every loop; returns them so the caller can wait outside its lock if it wants. */
    List<CheckLoop> stopAll() {
        List<CheckLoop> all = new ArrayList<>(loops.values());
        loops.clear();
        all.forEach(CheckLoop::stop);
        return all;
    }
}
