package org.ldirector.bench;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import org.ldirector.director.config.Service;
import org.ldirector.director.engine.MonitorFactory;
import org.ldirector.monitor.AsyncMonitor;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.RecurringCheck;

/**
 * Wraps the real monitors ({@code StandardMonitors}) and counts what they do, without changing it:
 * probes started, results (up/down; down results of reals that should answer are "false downs"),
 * how long each healthy check took, and for each real the time between the starts of two
 * successive checks (ideally exactly checkinterval; its excess over the interval is the lateness
 * as a real sees it, independent of the engine's own {@code LatenessRecorder}).
 */
final class CountingMonitors implements MonitorFactory {

    private final MonitorFactory delegate;
    private final Set<String> hanging;
    private final long intervalNanos;

    /**
     * Significant digits of the bench's histograms: 1 % is enough for a percentile in
     * milliseconds, and the per-second copies of three-digit histograms were the bench's own
     * largest cost inside the measured process (its main thread, about 3 µs per check at 1,000).
     */
    static final int PRECISION = 2;

    final LongAdder started = new LongAdder();
    final LongAdder up = new LongAdder();
    final LongAdder down = new LongAdder();
    final LongAdder falseDown = new LongAdder();
    final LongAdder hangingUp = new LongAdder();
    /** Duration of checks of reals that answer, ns. */
    final Recorder healthyDuration = new Recorder(PRECISION);
    /** Start-to-start gap of checks of reals that answer minus the interval, ns (clamped at 0). */
    final Recorder gapExcess = new Recorder(PRECISION);
    private final ConcurrentHashMap<CheckTarget, PerReal> reals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Monitor, Monitor> wrapped = new ConcurrentHashMap<>();

    /** What the counters keep per real. */
    private static final class PerReal {
        final boolean hangs;
        final AtomicLong lastStart = new AtomicLong();

        PerReal(boolean hangs) {
            this.hangs = hangs;
        }
    }

    CountingMonitors(MonitorFactory delegate, Set<String> hanging, Duration interval) {
        this.delegate = delegate;
        this.hanging = Set.copyOf(hanging);
        this.intervalNanos = interval.toNanos();
    }

    /** The same wrapper for the same monitor (the engine asks the factory once per probe). */
    private Monitor wrap(Monitor m) {
        return m == null ? null : wrapped.computeIfAbsent(m, this::counting);
    }

    /**
     * Counts around {@code m}; an {@link AsyncMonitor} stays one, so the engine still waits on its
     * future or, for a {@link RecurringCheck}, leaves the scheduling to its event loop (counted from
     * the loop's listener: the probe's start time and verdict).
     */
    private Monitor counting(Monitor m) {
        if (m instanceof AsyncMonitor async) {
            return new AsyncMonitor() {
                @Override
                public CompletableFuture<CheckResult> start(CheckTarget target, Duration timeout) {
                    long t0 = System.nanoTime();
                    PerReal real = started(target, t0);
                    CompletableFuture<CheckResult> f = async.start(target, timeout);
                    f.thenAccept(r -> finished(target, real, t0, r));
                    return f;
                }

                @Override
                public RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                                                RecurringCheck.Listener listener) {
                    PerReal real = perReal(target);
                    return async.recurring(target, timeout, interval, new RecurringCheck.Listener() {
                        @Override
                        public void finished(CheckResult r, long startedNanos, long took, long late) {
                            started(real, startedNanos);
                            CountingMonitors.this.finished(target, real, startedNanos, r);
                            listener.finished(r, startedNanos, took, late);
                        }

                        @Override
                        public void retrying() {
                            listener.retrying();
                        }
                    });
                }
            };
        }
        return (target, timeout) -> {
            long t0 = System.nanoTime();
            PerReal real = started(target, t0);
            CheckResult r = m.check(target, timeout);
            finished(target, real, t0, r);
            return r;
        };
    }

    private PerReal started(CheckTarget target, long t0) {
        return started(perReal(target), t0);
    }

    private PerReal perReal(CheckTarget target) {
        return reals.computeIfAbsent(target, t -> new PerReal(hanging.contains(t.host() + ":" + t.port())));
    }

    private PerReal started(PerReal real, long t0) {
        started.increment();
        if (!real.hangs) {
            long prev = real.lastStart.getAndSet(t0);
            if (prev != 0) {
                gapExcess.recordValue(Math.max(0, t0 - prev - intervalNanos));
            }
        }
        return real;
    }

    private void finished(CheckTarget target, PerReal real, long t0, CheckResult r) {
        long took = System.nanoTime() - t0;
        boolean hangs = real.hangs;
        if (r.up()) {
            up.increment();
            if (hangs) {
                hangingUp.increment();
            }
        } else {
            down.increment();
            if (!hangs) {
                falseDown.increment();
                LastFalseDown.set(target.host() + ":" + target.port() + " " + r.message());
            }
        }
        if (!hangs) {
            healthyDuration.recordValue(took);
        }
    }

    /** The last unexpected failure, for the log. */
    static final class LastFalseDown {
        static volatile String text = "";

        static void set(String s) {
            text = s;
        }
    }

    @Override
    public Monitor negotiate(Service service) {
        return wrap(delegate.negotiate(service));
    }

    @Override
    public Monitor connect() {
        return wrap(delegate.connect());
    }

    @Override
    public Monitor ping(int count) {
        return wrap(delegate.ping(count));
    }

    @Override
    public Monitor external(String command) {
        return wrap(delegate.external(command));
    }

    @Override
    public Monitor externalPerl(String command) {
        return wrap(delegate.externalPerl(command));
    }
}
