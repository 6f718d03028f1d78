package org.ldirector.director.hooks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs hook processes one at a time, in the order they were submitted, on a thread of its own: so two calls
 * for the same real never overlap and a script always sees the events in the order they happened. Each call
 * gets {@code timeout}, then it and its children are terminated (SIGTERM, SIGKILL a second later). When
 * {@code capacity} calls are waiting, the oldest is dropped with a log line: a slow script never holds up
 * the checks, which only ever {@link #submit}.
 */
public final class CommandQueue implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    public static final int DEFAULT_CAPACITY = 1000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_GRACE = Duration.ofSeconds(1);

    private final int capacity;
    private final Duration timeout;
    private final ArrayDeque<HookJob> waiting = new ArrayDeque<>();
    private final Thread worker;
    private boolean running;
    private boolean closed;
    private long dropped;

    public CommandQueue(int capacity, Duration timeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.timeout = timeout;
        this.worker = new Thread(this::work, "event-hooks");
        worker.setDaemon(true);
        worker.start();
    }

    public CommandQueue() {
        this(DEFAULT_CAPACITY, DEFAULT_TIMEOUT);
    }

    /** Queues {@code job}; never blocks. */
    public synchronized void submit(HookJob job) {
        if (closed) {
            LOG.info("Event hook not run, the daemon is stopping: {}", job.describe());
            return;
        }
        if (waiting.size() >= capacity) {
            HookJob oldest = waiting.removeFirst();
            dropped++;
            LOG.info("Event hook queue full ({} waiting): dropped the oldest call, {}", capacity, oldest.describe());
        }
        waiting.addLast(job);
        notifyAll();
    }

    /** Calls dropped so far because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Waits until nothing is waiting or running (at most {@code atMost}); true when idle. */
    public synchronized boolean awaitIdle(Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!waiting.isEmpty() || running) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops taking calls, gives the waiting ones {@code drain} to finish, then leaves the rest (logged). */
    public void close(Duration drain) {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            worker.join(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!waiting.isEmpty()) {
                LOG.info("{} event hook calls not run at shutdown", waiting.size());
                waiting.clear();
            }
        }
        worker.interrupt();
    }

    @Override
    public void close() {
        close(timeout.plus(KILL_GRACE));
    }

    private void work() {
        while (true) {
            HookJob job;
            synchronized (this) {
                running = false;
                notifyAll();
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                job = waiting.removeFirst();
                running = true;
            }
            run(job);
        }
    }

    private void run(HookJob job) {
        ProcessBuilder pb = new ProcessBuilder(job.argv()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(job.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LOG.info("Event hook cannot run: {}: {}", job.describe(), e.getMessage());
            return;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(job.stdin().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the script exited or closed its stdin without reading: its business
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                LOG.info("Event hook timed out after {} and was killed: {}", timeout.toMillis() % 1000 == 0
                        ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms", job.describe());
            } else if (p.exitValue() != 0) {
                LOG.info("Event hook exited with status {}: {}", p.exitValue(), job.describe());
            } else {
                LOG.debug("Event hook done: {}", job.describe());
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the process and its children, SIGKILL to whatever is left a second later. */
    private static void kill(Process p) {
        var tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
