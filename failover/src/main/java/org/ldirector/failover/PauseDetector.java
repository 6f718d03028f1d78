package org.ldirector.failover;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Notices that the JVM was frozen (SIGSTOP, a long GC, a suspended VM): a thread that should wake every
 * {@code tick} finds the clock moved by more than {@code threshold}. Peers will have declared this node dead and may
 * have taken over, so the cluster drops its resources at once ({@code onPause} gets the gap in nanoseconds).
 */
final class PauseDetector implements AutoCloseable {

    private final LongSupplier clock;
    private final long thresholdNanos;
    private final long tickMillis;
    private final LongConsumer onPause;
    private final TaskGuard guard;
    private final Thread thread;
    private volatile boolean running = true;

    PauseDetector(LongSupplier clock, Duration threshold, Duration tick, LongConsumer onPause) {
        this.clock = clock;
        this.thresholdNanos = threshold.toNanos();
        this.tickMillis = Math.max(1, tick.toMillis());
        this.onPause = onPause;
        this.guard = new TaskGuard("Reporting a pause", clock);
        this.thread = Thread.ofPlatform().daemon().name("ldirector-pause-detector").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long last = clock.getAsLong();
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = clock.getAsLong();
            long gap = now - last;
            last = now;
            if (gap - tickMillis * 1_000_000L > thresholdNanos && running) {
                guard.run(() -> onPause.accept(gap));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
