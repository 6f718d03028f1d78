package org.ldirector.monitor;

import java.time.Duration;

/**
 * A check that an {@link ExchangeLoop} runs by itself at a fixed rate (start to start): the loop's
 * timer queue holds the check's next due time, a due probe opens its connection right on the
 * loop's thread, and the verdict goes to a {@link Listener} on that thread. No thread, no future
 * and no lambda per probe; the request bytes and the socket address are prepared once.
 *
 * <p>The schedule is the one the engine's blocking probe loop keeps: lateness against the due time,
 * or against the end of the previous probe when that one overran; after an overrun the next probe
 * starts at once, without a burst to catch up; a probe run on request ({@link #poke}) restarts the
 * schedule from itself. A first probe that ran into its timeout is tried once more before its
 * result counts (a cold or busy machine's slow first answer is not yet a reason to leave a real
 * out of the table). Each probe is bounded by its timeout on the loop; one handed to OkHttp (a
 * redirect, an answer the loop does not judge) by its timeout plus {@link #GRACE_NANOS}.
 * Admission is the loop's cap on open connections: a due probe over the cap waits for one to close.
 */
public final class RecurringCheck {

    /** How long past its deadline a probe handed to a blocking monitor may take. */
    static final long GRACE_NANOS = 50_000_000L;

    /** Where the verdicts go. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One probe's verdict, on the loop's thread: it must not block.
         *
         * @param latenessNanos how late the probe started against its schedule (or against the end
         *        of the previous probe when that one overran); -1 for a probe run by {@link #poke}
         */
        void finished(CheckResult result, long startedNanos, long durationNanos, long latenessNanos);

        /** The first probe ran into its timeout and is tried once more (on the loop's thread). */
        default void retrying() {
        }
    }

    /** Builds the exchange of one probe of this check. */
    @FunctionalInterface
    interface Probes {
        Exchange next(Exchange.Outcome outcome, long deadlineNanos);
    }

    private enum State { NEW, IDLE, WAITING, RUNNING, HANDED_OFF, STOPPED }

    private final ExchangeLoop loop;
    private final Probes probes;
    private final long timeoutNanos;
    private final Listener listener;
    private volatile long intervalNanos;
    private volatile boolean stopped;

    // The loop's thread only, from here on.
    /** The key in the loop's {@link TimerHeap} and the check's place there (-1: not in it). */
    long at;
    int heapIndex = -1;
    private State state = State.NEW;
    private long due;
    private long previousEnd;
    private long started;
    private long lateness;
    private boolean first = true;
    private boolean retried;
    private boolean thisPoked;
    private boolean pokePending;
    private Exchange current;
    /** The real's address and request in native memory, for a native loop (built on first use). */
    private NativeTarget nativeTarget;

    private final Exchange.Outcome outcome = new Exchange.Outcome() {
        @Override
        public void deliver(Exchange x, CheckResult r) {
            if (loop.onLoopThread()) {
                delivered(x, r);
            } else {
                loop.post(() -> delivered(x, r)); // a handed-off probe, finished by its own thread
            }
        }

        @Override
        public boolean isDone(Exchange x) {
            return x != current;
        }
    };

    RecurringCheck(ExchangeLoop loop, Duration timeout, Duration interval, Listener listener, Probes probes) {
        this.loop = loop;
        this.timeoutNanos = timeout.toNanos();
        this.intervalNanos = interval.toNanos();
        this.listener = listener;
        this.probes = probes;
    }

    /** Starts the schedule: the first probe after {@code firstDelay}. */
    public void start(Duration firstDelay) {
        long delay = firstDelay.toNanos();
        loop.post(() -> {
            if (state != State.NEW || stopped) {
                return;
            }
            long now = System.nanoTime();
            due = now + delay;
            previousEnd = now;
            state = State.IDLE;
            loop.timers.put(this, due);
        });
    }

    /** The interval from the next probe on. */
    public void setInterval(Duration interval) {
        intervalNanos = interval.toNanos();
    }

    /** Runs the next probe now (or, if one is running, right after it). */
    public void poke() {
        loop.post(() -> {
            if (state == State.NEW || state == State.STOPPED) {
                return;
            }
            pokePending = true;
            if (state == State.IDLE) {
                loop.timers.remove(this);
                fire(System.nanoTime());
            }
        });
    }

    /** No more probes and no more verdicts; a running probe's connection is closed. */
    public void stop() {
        stopped = true;
        loop.post(() -> {
            loop.timers.remove(this);
            Exchange x = current;
            current = null;
            if (state == State.RUNNING && x != null) {
                loop.closed(x);
            }
            state = State.STOPPED;
        });
    }

    /** Its time in the timer queue has come (it has been taken out of it). */
    void fire(long now) {
        switch (state) {
            case IDLE -> {
                if (loop.full()) {
                    state = State.WAITING;
                    loop.waiting.add(this);
                } else {
                    startProbe(now);
                }
            }
            case RUNNING -> loop.finish(current, current.timedOut(!current.connected));
            case HANDED_OFF -> delivered(current, current.timedOut(false));
            default -> { } // NEW, WAITING, STOPPED: nothing is due
        }
    }

    /** Admitted after waiting for a connection to close. */
    void admitted(long now) {
        if (state == State.WAITING) {
            startProbe(now);
        }
    }

    private void startProbe(long now) {
        thisPoked = pokePending;
        pokePending = false;
        lateness = thisPoked ? -1 : Math.max(0, now - (previousEnd - due > 0 ? previousEnd : due));
        started = now;
        launch(now);
    }

    private void launch(long now) {
        Exchange x = probes.next(outcome, now + timeoutNanos);
        if (loop.isNative() && x.address.getAddress() instanceof java.net.Inet4Address) {
            if (nativeTarget == null) {
                nativeTarget = NativeTarget.of(x.address, x.request);
            }
            x.target = nativeTarget;
        }
        current = x;
        state = State.RUNNING;
        loop.opened();
        loop.timers.put(this, x.deadlineNanos);
        loop.begin(x);
    }

    private void delivered(Exchange x, CheckResult r) {
        if (x != current) {
            return; // stopped, or a handed-off probe that ran past its grace
        }
        if (state == State.RUNNING) {
            loop.closed(x);
        }
        if (r == Exchange.HANDED_OFF) {
            state = State.HANDED_OFF;
            loop.timers.put(this, x.deadlineNanos + GRACE_NANOS);
            return;
        }
        current = null;
        loop.timers.remove(this);
        long end = System.nanoTime();
        if (stopped) {
            state = State.STOPPED;
            return;
        }
        if (first && !retried && !r.up() && end - started >= timeoutNanos) {
            retried = true; // the result of the second try counts, timed from the first
            try {
                listener.retrying();
            } catch (RuntimeException e) { // NOPMD: as for finished
                // the schedule goes on
            }
            launch(end);
            return;
        }
        first = false;
        previousEnd = end;
        try {
            listener.finished(r, started, end - started, lateness);
        } catch (RuntimeException e) { // NOPMD: one bad delivery must not end this real's checks for good
            // the listener logs its own failures; the schedule goes on
        }
        long interval = intervalNanos;
        if (thisPoked) {
            due = started + interval;
        } else {
            // Fixed rate; once a whole interval behind, the schedule starts again from this
            // probe's start instead of firing a burst to catch up.
            due = started - due >= interval ? started + interval : due + interval;
        }
        state = State.IDLE;
        loop.timers.put(this, pokePending ? end : due);
    }
}
