package org.ldirector.director.alert;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The alert thread: mails go out one at a time, in the order they were queued, so the engine never waits for a
 * mail server. The queue is bounded: while a stuck server keeps it full, further mails are dropped, with one log
 * line until the queue has emptied again.
 */
final class MailQueue {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final int capacity;
    private final ThreadPoolExecutor thread;
    private final Object lock = new Object();
    private int pending;          // guarded by lock: queued or being sent
    private boolean overflowing;  // guarded by lock: dropped since the queue was last empty

    MailQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                Thread.ofPlatform().name("emailalert").daemon(true).factory());
        thread.allowCoreThreadTimeOut(true); // no idle thread between alerts
    }

    /** Queues {@code send}, or drops it when {@code capacity} mails are already waiting. Never blocks. */
    void offer(Runnable send) {
        synchronized (lock) {
            pending++;
            try {
                thread.execute(() -> run(send));
            } catch (RejectedExecutionException e) {
                pending--;
                if (!overflowing) {
                    overflowing = true;
                    LOG.info("email alert queue full ({} messages waiting): dropping email messages until the mail"
                            + " server catches up", capacity);
                }
            }
        }
    }

    private void run(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            LOG.debug("email alert failed: {}", e.toString());
        } finally {
            synchronized (lock) {
                pending--;
                if (pending == 0) {
                    overflowing = false;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits until every queued mail has been sent (or has failed), at most {@code timeoutMillis}. */
    void drain(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            try {
                while (pending > 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return;
                    }
                    lock.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
