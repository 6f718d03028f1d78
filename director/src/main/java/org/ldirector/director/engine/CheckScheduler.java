package org.ldirector.director.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * The probe schedules: one per check in use, started with their first probes spread out, re-timed
 * when an interval changes, stopped when their check is gone. A check whose monitor runs on an
 * event loop (plain {@code http}, {@code connect}) is scheduled by that loop ({@link EventLoopCheck},
 * admission by the loop's cap on open connections, results through one {@link ResultQueue});
 * every other check gets a {@link CheckLoop} (a virtual thread, admission by the shared
 * {@link InFlightLimit}). Not thread-safe: the director calls it under its lock; schedules
 * deliver on their own threads.
 */
final class CheckScheduler {

    /**
     * First probes per second of {@link CheckLoop}s after a start or reload (they are spread over
     * more than a second beyond it). Event-loop checks are spread over at most a second: their
     * first probes cost a connection each, not a thread, and the loops admit them as connections close.
     */
    static final int FIRST_ROUND_RATE = 2000;

    private final MonitorFactory monitors;
    private final CheckLoop.ResultSink sink;
    private final LatenessRecorder lateness;
    private final InFlightLimit inFlight = InFlightLimit.fromSystemProperty();
    private final ResultQueue results;
    private final Map<CheckSpec, ProbeSchedule> loops = new HashMap<>();
    private Duration firstRoundSpread = Duration.ZERO;

    CheckScheduler(MonitorFactory monitors, CheckLoop.ResultSink sink, LatenessRecorder lateness) {
        this.monitors = monitors;
        this.sink = sink;
        this.lateness = lateness;
        this.results = new ResultQueue(sink, lateness);
    }

    /** Stops the loops of checks that are gone, re-times the kept ones, starts the fresh ones spread out. */
    void apply(HealthBook.Plan plan) {
        for (CheckSpec spec : plan.gone()) {
            ProbeSchedule loop = loops.remove(spec);
            if (loop != null) {
                loop.stop();
            }
        }
        for (Map.Entry<CheckSpec, ProbeSchedule> e : loops.entrySet()) {
            Duration interval = plan.intervals().get(e.getKey());
            if (interval != null) {
                e.getValue().setInterval(interval);
            }
        }
        List<CheckSpec> fresh = plan.fresh();
        List<ProbeSchedule> onLoops = new ArrayList<>();
        List<CheckSpec> onThreads = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            CheckSpec spec = fresh.get(i);
            Duration interval = plan.intervals().get(spec);
            // Spread the first probes so that thousands of reals do not all fire in the same
            // instant every interval.
            long spreadNanos = Math.min(interval.toNanos(), Duration.ofSeconds(1).toNanos());
            Duration firstDelay = Duration.ofNanos(fresh.size() <= 1 ? 0 : spreadNanos * i / fresh.size());
            EventLoopCheck check = EventLoopCheck.of(spec, monitors, interval, firstDelay, results);
            if (check == null) {
                onThreads.add(spec);
            } else {
                loops.put(spec, check);
                onLoops.add(check);
            }
        }
        if (!onLoops.isEmpty()) {
            results.start();
        }
        onLoops.forEach(ProbeSchedule::start);
        firstRoundSpread = firstRoundSpread(onThreads.size());
        for (int i = 0; i < onThreads.size(); i++) {
            CheckSpec spec = onThreads.get(i);
            Duration interval = plan.intervals().get(spec);
            // Nor all at once on a cold JVM, a thread each.
            long spreadNanos = onThreads.size() <= FIRST_ROUND_RATE
                    ? Math.min(interval.toNanos(), firstRoundSpread.toNanos()) : firstRoundSpread.toNanos();
            Duration firstDelay = Duration.ofNanos(onThreads.size() <= 1 ? 0 : spreadNanos * i / onThreads.size());
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
        loops.values().forEach(ProbeSchedule::poke);
    }

    /** Stops every schedule and the delivery of their results. */
    void stopAll() {
        List<ProbeSchedule> all = new ArrayList<>(loops.values());
        loops.clear();
        all.forEach(ProbeSchedule::stop);
        results.stop();
    }
}
