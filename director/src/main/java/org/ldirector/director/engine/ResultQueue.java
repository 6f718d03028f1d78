package org.ldirector.director.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.monitor.CheckResult;

/**
 * Carries the results of {@link EventLoopCheck}s from the event loops to the sink on a thread of
 * its own: the sink takes the director's lock and may read files (maintenancedir) or write them
 * (monitorfile), which must never hold up an event loop and the checks on it. Lateness is recorded
 * here too. The thread takes what has come every {@link #PERIOD} instead of being woken for each
 * result (a wake-up per result cost more than the check: a futex call and a context switch).
 */
final class ResultQueue {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private record Result(CheckLoop.Delivery delivery, long latenessNanos) {
    }

    private final CheckLoop.ResultSink sink;
    private final LatenessRecorder lateness;
    /** How often the queue is emptied: a result reaches the health book at most this much later. */
    static final Duration PERIOD = Duration.ofMillis(10);

    private final ConcurrentLinkedQueue<Result> queue = new ConcurrentLinkedQueue<>();
    private Thread thread;

    ResultQueue(CheckLoop.ResultSink sink, LatenessRecorder lateness) {
        this.sink = sink;
        this.lateness = lateness;
    }

    /** From an event loop: never blocks. */
    void add(CheckSpec spec, CheckResult result, long durationNanos, long latenessNanos) {
        queue.add(new Result(new CheckLoop.Delivery(spec, result, durationNanos), latenessNanos));
    }

    /** Starts the delivering thread if it is not running. */
    synchronized void start() {
        if (thread == null) {
            // A platform thread: a virtual one's timed park wakes a carrier and the pool's delay
            // scheduler, a hundred times a second.
            thread = Thread.ofPlatform().daemon().name("check results").start(this::drain);
        }
    }

    /** Stops delivering; what is queued is dropped (its checks are stopped too). */
    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
        queue.clear();
    }

    private void drain() {
        long period = PERIOD.toNanos();
        List<CheckLoop.Delivery> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(period);
            Result r;
            while ((r = queue.poll()) != null) {
                if (r.latenessNanos() >= 0) {
                    lateness.record(r.latenessNanos());
                }
                batch.add(r.delivery());
            }
            if (batch.isEmpty() || Thread.currentThread().isInterrupted()) {
                batch.clear();
                continue;
            }
            try {
                // One hand-over per period: the sink takes its lock once for all of them.
                sink.acceptAll(batch);
            } catch (RuntimeException e) { // NOPMD: the sink guards each result; this is a last resort
                LOG.error("Error handling {} check results: {}", batch.size(), e.toString());
            }
            batch.clear();
        }
    }
}
