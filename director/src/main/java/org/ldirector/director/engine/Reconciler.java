package org.ldirector.director.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.DirectorConfig;

/**
 * Keeps the kernel's table equal to what the health book wants: waits for a change, lets further
 * changes arrive for {@link #COALESCE}, then plans against a fresh kernel read and applies the
 * difference in one batch. A failed batch is planned again after {@link #RETRY} (never assumed
 * applied); an error of any kind is logged and retried, so checks never go on over a frozen table.
 */
final class Reconciler {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    /** Transitions arriving within this window are applied together. */
    static final Duration COALESCE = Duration.ofMillis(50);
    /** How long to wait before planning again after a failed batch. */
    static final Duration RETRY = Duration.ofSeconds(1);

    /** What the reconciler asks of the director, each call taking the director's lock itself. */
    interface Book {
        /** The inputs of the next pass, or empty once the director has stopped. */
        Optional<TablePlanner.Inputs> inputs();

        /** The pass planned from {@code inputs} was applied. */
        void applied(TablePlanner.Inputs inputs);

        /** {@code change} is visible in the kernel (for alerts). */
        void changed(DirectorConfig config, PlannedChange change);
    }

    private final TableApplier applier;
    private final Book book;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean dirty;
    private boolean running = true;
    private long passes;
    private Thread thread;

    Reconciler(TableApplier applier, Book book) {
        this.applier = applier;
        this.book = book;
    }

    void start() {
        thread = Thread.ofPlatform().name("ipvs-reconciler").daemon(true).start(this::loop);
    }

    /** Something the table depends on changed. */
    void markDirty() {
        lock.lock();
        try {
            dirty = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long passes() {
        lock.lock();
        try {
            return passes;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code target} passes have completed, the reconciler stopped, or {@code deadlineNanos} (System.nanoTime) passed. */
    void awaitPasses(long target, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (running && passes < target) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                signal.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the batch in flight, waiting at most {@code timeout} for it. */
    void stop(Duration timeout) {
        lock.lock();
        try {
            running = false;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            try {
                if (!once()) {
                    return;
                }
            } catch (Throwable t) { // NOPMD: an Error here must not freeze the table while checks go on
                LOG.error("Error updating the IPVS table: {}; trying again", String.valueOf(t));
                markDirty();
                sleep(RETRY);
            }
        }
    }

    /** One pass: waits for a change, plans and applies it. False once stopped. */
    private boolean once() {
        lock.lock();
        try {
            while (running && !dirty) {
                signal.awaitUninterruptibly();
            }
            if (!running) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        sleep(COALESCE);
        lock.lock();
        try {
            if (!running) {
                return false;
            }
            dirty = false;
        } finally {
            lock.unlock();
        }
        Optional<TablePlanner.Inputs> next = book.inputs();
        if (next.isEmpty()) {
            return false;
        }
        TablePlanner.Inputs inputs = next.get();
        boolean ok = applier.apply(kernel -> TablePlanner.plan(inputs, kernel), c -> book.changed(inputs.config(), c));
        if (ok) {
            book.applied(inputs);
        }
        lock.lock();
        try {
            if (!ok) {
                dirty = true;
            }
            passes++;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
        if (!ok) {
            sleep(RETRY);
        }
        return true;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
