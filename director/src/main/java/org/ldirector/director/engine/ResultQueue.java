package org.ldirector.director.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.monitor.CheckResult;

/**
 * Carries the results of {@link EventLoopCheck}s from the event loops to the sink on a thread of
 * its own: the sink takes the director's lock and may read files (maintenancedir) or write them
 * (monitorfile), which must never hold up an event loop and the checks on it. Lateness is recorded
 * here too.
 */
final class ResultQueue {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private record Result(CheckSpec spec, CheckResult result, long durationNanos, long latenessNanos) {
    }

    private final CheckLoop.ResultSink sink;
    private final LatenessRecorder lateness;
    private final LinkedBlockingQueue<Result> queue = new LinkedBlockingQueue<>();
    private Thread thread;

    ResultQueue(CheckLoop.ResultSink sink, LatenessRecorder lateness) {
        this.sink = sink;
        this.lateness = lateness;
    }

    /** From an event loop: never blocks. */
    void add(CheckSpec spec, CheckResult result, long durationNanos, long latenessNanos) {
        queue.add(new Result(spec, result, durationNanos, latenessNanos));
    }

    /** Starts the delivering thread if it is not running. */
    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("check results").start(this::drain);
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
        List<Result> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 1024);
            for (Result r : batch) {
                if (r.latenessNanos() >= 0) {
                    lateness.record(r.latenessNanos());
                }
                try {
                    sink.accept(r.spec(), r.result(), r.durationNanos());
                } catch (RuntimeException e) { // NOPMD: one bad delivery must not end the deliveries
                    LOG.error("Error handling the result of {}: {}", r.spec().describe(), e.toString());
                }
            }
            batch.clear();
        }
    }
}
