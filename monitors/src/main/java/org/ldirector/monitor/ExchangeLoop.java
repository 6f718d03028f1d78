package org.ldirector.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A selector thread that runs {@link Exchange}s: many checks in flight on one platform thread, no
 * thread per check, a timer queue for the deadlines. {@link #shared()} gives one of at most two
 * loops per JVM (round robin), started on first use as daemon threads.
 */
final class ExchangeLoop {

    private static final int LOOPS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final ExchangeLoop[] SHARED = new ExchangeLoop[LOOPS];
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final ConcurrentLinkedQueue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Exchange> aborted = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Exchange> deadlines =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos - b.deadlineNanos, 0));
    private final AtomicBoolean selecting = new AtomicBoolean();
    /** One read buffer for every exchange of this loop: callbacks copy what they keep. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

    private ExchangeLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    static ExchangeLoop shared() {
        int i = Math.floorMod(NEXT.getAndIncrement(), LOOPS);
        synchronized (SHARED) {
            if (SHARED[i] == null) {
                SHARED[i] = new ExchangeLoop("check-io-" + i);
            }
            return SHARED[i];
        }
    }

    /**
     * Opens the connection (non-blocking) and hands the exchange to the loop. Failures to open a
     * socket at all (out of file descriptors) complete the exchange at once.
     */
    void start(Exchange x) {
        try {
            SocketChannel ch = SocketChannel.open();
            x.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(x.address);
        } catch (IOException | RuntimeException e) {
            closeQuietly(x);
            x.result.complete(x.failed(e instanceof IOException io ? io : new IOException(e), true));
            return;
        }
        x.loop = this;
        submitted.add(x);
        if (selecting.get()) {
            selector.wakeup();
        }
    }

    /** Closes a cancelled exchange's connection on the loop's thread. */
    void abort(Exchange x) {
        aborted.add(x);
        selector.wakeup();
    }

    private void run() {
        while (true) {
            try {
                long now = System.nanoTime();
                expire(now);
                Exchange next = deadlines.peek();
                long waitMillis = next == null ? 0 : Math.max(1, (next.deadlineNanos - now + 999_999) / 1_000_000);
                selecting.set(true);
                if (!submitted.isEmpty() || !aborted.isEmpty()) {
                    selector.selectNow(this::ready);
                } else {
                    selector.select(this::ready, waitMillis);
                }
                selecting.set(false);
                register();
                drainAborted();
            } catch (IOException | RuntimeException e) {
                // A broken selector or a bug in a callback must not end every check: log-free, go on.
                selecting.set(false);
            }
        }
    }

    private void register() {
        Exchange x;
        while ((x = submitted.poll()) != null) {
            if (x.finished()) {
                closeQuietly(x);
                continue;
            }
            try {
                deadlines.add(x);
                if (x.channel.isConnectionPending()) {
                    x.key = x.channel.register(selector, SelectionKey.OP_CONNECT, x);
                    continue;
                }
                // Connected at once (it happens on loopback).
                x.connected = true;
                CheckResult r = x.connected();
                if (r != null) {
                    finish(x, r);
                    continue;
                }
                x.key = x.channel.register(selector, SelectionKey.OP_WRITE, x);
            } catch (IOException | RuntimeException e) {
                finish(x, x.failed(e instanceof IOException io ? io : new IOException(e), true));
            }
        }
    }

    private void drainAborted() {
        Exchange x;
        while ((x = aborted.poll()) != null) {
            closeQuietly(x);
        }
    }

    private void expire(long now) {
        Exchange x;
        while ((x = deadlines.peek()) != null && (x.finished() || x.closed || x.deadlineNanos - now <= 0)) {
            deadlines.poll();
            if (!x.finished() && !x.closed) {
                finish(x, x.timedOut(!x.connected));
            }
        }
    }

    private void ready(SelectionKey key) {
        Exchange x = (Exchange) key.attachment();
        if (x.finished()) {
            closeQuietly(x);
            return;
        }
        CheckResult r;
        try {
            r = step(x, key);
        } catch (RuntimeException e) {
            r = CheckResult.down("500 " + Failures.describe(e));
        }
        if (r != null) {
            finish(x, r);
        }
    }

    private CheckResult step(Exchange x, SelectionKey key) {
        SocketChannel ch = x.channel;
        if (key.isConnectable()) {
            try {
                ch.finishConnect();
            } catch (IOException e) {
                return x.failed(e, true);
            }
            x.connected = true;
            CheckResult r = x.connected();
            if (r != null) {
                return r;
            }
            key.interestOps(SelectionKey.OP_WRITE);
        }
        try {
            if (key.isWritable() || (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                ch.write(x.request);
                if (x.request.hasRemaining()) {
                    return null;
                }
                key.interestOps(SelectionKey.OP_READ);
                return null;
            }
            if (key.isReadable()) {
                readBuffer.clear();
                int n = ch.read(readBuffer);
                if (n < 0) {
                    return x.ended();
                }
                readBuffer.flip();
                return n == 0 ? null : x.received(readBuffer);
            }
        } catch (IOException e) {
            return x.failed(e, false);
        }
        return null;
    }

    private static void finish(Exchange x, CheckResult r) {
        x.closed = true; // a handed-off exchange is someone else's to complete, and to time out
        closeQuietly(x);
        if (r != Exchange.HANDED_OFF) {
            x.result.complete(r);
        }
    }

    private static void closeQuietly(Exchange x) {
        try {
            if (x.channel != null) {
                x.channel.close();
            }
        } catch (IOException e) {
            // closing a socket we are done with: nothing to report
        }
    }
}
