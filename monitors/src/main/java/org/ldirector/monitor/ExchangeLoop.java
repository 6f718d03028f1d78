package org.ldirector.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A selector thread that runs {@link Exchange}s: many checks in flight on one platform thread, no
 * thread per check. One-off exchanges ({@link AsyncMonitor#start}) wait in a deadline queue;
 * {@link RecurringCheck}s live in a {@link TimerHeap} that holds each check's next due time (or its
 * running probe's deadline), so a due probe is started right here. Recurring probes are admitted
 * while fewer than {@value #MAX_OPEN_PROPERTY} (default {@value #DEFAULT_MAX_OPEN}, fewer
 * with a low file-descriptor limit) of their connections are open on the loop; the others wait, in order, and start late.
 * {@link CheckLoops} holds the JVM's loops. A loop waits on the JDK's selector, or, opt-in, on
 * libc's epoll through {@link EpollTransport} (then for recurring probes of IPv4 reals only).
 */
final class ExchangeLoop {

    /** System property: the most connections of recurring checks open at once on one loop. */
    static final String MAX_OPEN_PROPERTY = "ldirector.maxConnectionsPerLoop";
    static final int DEFAULT_MAX_OPEN = 16_384;
    /**
     * How long the loop may sleep past a recurring check's due time, so that the checks due within
     * it start in one wake-up (their connections then answer together, too): a few milliseconds of
     * lateness for far fewer epoll_wait calls when checks come one at a time.
     */
    static final long TIMER_SLACK_NANOS = 4_000_000L;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Exchange> aborted = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Exchange> deadlines =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos - b.deadlineNanos, 0));
    private final AtomicBoolean selecting = new AtomicBoolean();
    /** One read buffer for every exchange of this loop: callbacks copy what they keep. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    /** Work for the loop's thread from other threads: starting, poking, stopping recurring checks. */
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** The recurring checks (loop thread only). */
    final TimerHeap timers = new TimerHeap();
    /** Recurring checks that are due but over the connection cap, oldest first (loop thread only). */
    final ArrayDeque<RecurringCheck> waiting = new ArrayDeque<>();
    private final int maxOpen = Math.max(1, Integer.getInteger(MAX_OPEN_PROPERTY, defaultMaxOpen()));
    /** Open connections of recurring probes (loop thread only). */
    private int open;
    private final Thread thread;
    /** The native transport of a native loop; null on the JDK's selector. */
    private final EpollTransport epoll;

    /** A loop on the JDK's selector, its thread started. */
    ExchangeLoop(String name) {
        this(name, false);
    }

    private ExchangeLoop(String name, boolean nativeTransport) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        epoll = nativeTransport ? EpollTransport.open(this) : null;
        if (nativeTransport && epoll == null) {
            closeSelector();
            throw new UnsupportedOperationException("no epoll through JNA");
        }
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** A new loop on libc's epoll, or null if it cannot have one. For {@link CheckLoops} and tests. */
    static ExchangeLoop nativeLoop(String name) {
        try {
            return new ExchangeLoop(name, true);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException e) {
            // an unused selector: nothing to report
        }
    }

    boolean isNative() {
        return epoll != null;
    }

    /**
     * {@value #DEFAULT_MAX_OPEN}, or three quarters of the file descriptors the process may open
     * if that is less (the rest for the log, the one-off checks, the web interface...). A real has
     * at most one probe in flight, so below this many reals the cap never holds a probe back: when
     * it was 4,096, a slow start (nginx short of CPU, every check near its timeout) let 10,000 reals
     * through at 4,096 per timeout and the waiting ones fell seconds behind.
     */
    private static int defaultMaxOpen() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long fds = unix.getMaxFileDescriptorCount();
            if (fds > 0) {
                return (int) Math.max(64, Math.min(DEFAULT_MAX_OPEN, fds * 3 / 4));
            }
        }
        return DEFAULT_MAX_OPEN;
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
            ch.connect(x.address);
        } catch (IOException | RuntimeException e) {
            closeQuietly(x);
            x.outcome.deliver(x, x.failed(e instanceof IOException io ? io : new IOException(e), true));
            return;
        }
        x.loop = this;
        submitted.add(x);
        if (selecting.get()) {
            wakeup();
        }
    }

    /** Closes a cancelled exchange's connection on the loop's thread. */
    void abort(Exchange x) {
        aborted.add(x);
        wakeup();
    }

    /** Runs {@code command} on the loop's thread, soon. */
    void post(Runnable command) {
        commands.add(command);
        if (selecting.get()) {
            wakeup();
        }
    }

    private void wakeup() {
        if (epoll != null) {
            epoll.wakeup();
        } else {
            selector.wakeup();
        }
    }

    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** The recurring probes may not open another connection now. */
    boolean full() {
        return open >= maxOpen;
    }

    /** A recurring probe is opening its connection. */
    void opened() {
        open++;
    }

    /** A recurring probe's connection is closed (or closes now): the next waiting check may start. */
    void closed(Exchange x) {
        closeQuietly(x);
        open--;
    }

    /**
     * Starts {@code x} on the loop's thread: opens its connection (non-blocking) and registers it,
     * or finishes it at once if no socket can be had (out of file descriptors) or, connected at
     * once, it needs no more. Its deadline is its owner's business.
     */
    void begin(Exchange x) {
        x.loop = this;
        if (epoll != null && x.address.getAddress() instanceof Inet4Address) {
            epoll.begin(x);
            return;
        }
        SocketChannel ch;
        boolean connectedNow;
        try {
            // An IPv4 socket for an IPv4 real: the dual-stack default costs an IPV6_V6ONLY setsockopt.
            ch = x.address.getAddress() instanceof Inet4Address
                    ? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
            x.channel = ch;
            ch.configureBlocking(false);
            // On loopback (and a near network) the handshake is over by the time connect()
            // returns: asking at once saves a trip through the selector and two epoll_ctl calls.
            connectedNow = ch.connect(x.address) || ch.finishConnect();
        } catch (IOException | RuntimeException e) {
            finish(x, x.failed(e instanceof IOException io ? io : new IOException(e), true));
            return;
        }
        try {
            if (!connectedNow) {
                x.key = ch.register(selector, SelectionKey.OP_CONNECT, x);
                return;
            }
            x.connected = true;
            CheckResult r = x.connected();
            if (r != null) {
                finish(x, r);
                return;
            }
            int ops = SelectionKey.OP_READ;
            if (x.request != null) {
                try {
                    ch.write(x.request);
                } catch (IOException e) {
                    finish(x, x.failed(e, false));
                    return;
                }
                if (x.request.hasRemaining()) {
                    ops = SelectionKey.OP_WRITE;
                }
            }
            x.key = ch.register(selector, ops, x);
        } catch (IOException | RuntimeException e) {
            finish(x, x.failed(e instanceof IOException io ? io : new IOException(e), true));
        }
    }

    private void run() {
        while (true) {
            try {
                long now = System.nanoTime();
                runCommands();
                expire(now);
                fire(now);
                admitWaiting();
                long nextAt = Long.MAX_VALUE;
                Exchange next = deadlines.peek();
                if (next != null) {
                    nextAt = next.deadlineNanos;
                }
                RecurringCheck nextCheck = timers.peek();
                if (nextCheck != null && (next == null || nextCheck.at + TIMER_SLACK_NANOS - nextAt < 0)) {
                    nextAt = nextCheck.at + TIMER_SLACK_NANOS;
                }
                long waitMillis = nextAt == Long.MAX_VALUE ? 0 : Math.max(1, (nextAt - now + 999_999) / 1_000_000);
                selecting.set(true);
                boolean pending = !submitted.isEmpty() || !aborted.isEmpty() || !commands.isEmpty();
                if (epoll != null) {
                    // Only recurring probes come here (a one-off or an IPv6 real would wait on the selector).
                    epoll.poll(pending ? 0 : waitMillis == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, waitMillis));
                } else if (pending) {
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

    private void runCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    /** Starts the due recurring probes and times out the overdue ones. */
    private void fire(long now) {
        RecurringCheck c;
        while ((c = timers.peek()) != null && c.at - now <= 0) {
            timers.remove(c);
            c.fire(now);
        }
    }

    private void admitWaiting() {
        RecurringCheck c;
        while (open < maxOpen && (c = waiting.poll()) != null) {
            c.admitted(System.nanoTime());
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

    /** Closes {@code x} and hands its verdict on (a handed-off exchange is someone else's to complete). */
    void finish(Exchange x, CheckResult r) {
        x.closed = true;
        closeQuietly(x);
        x.outcome.deliver(x, r);
    }

    private void closeQuietly(Exchange x) {
        if (x.fd >= 0) {
            epoll.close(x);
            return;
        }
        try {
            if (x.channel != null) {
                x.channel.close();
            }
        } catch (IOException e) {
            // closing a socket we are done with: nothing to report
        }
    }
}
