package org.ldirector.monitor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * The opt-in transport of an {@link ExchangeLoop} ({@value CheckLoops#NATIVE_PROPERTY}): its
 * recurring probes to IPv4 reals talk to the kernel through libc ({@link Libc}) instead of the
 * JDK's NIO, with no objects per connection but the {@link Exchange}. A probe is socket, connect
 * (EINPROGRESS), a write at once (on loopback the handshake is over by then; EAGAIN: wait for
 * EPOLLOUT), EPOLLIN, reads into one native buffer per loop (the {@link Exchange} sees it as a direct
 * {@link ByteBuffer}, no copy), close. Loop thread only, except {@link #wakeup}.
 *
 * <p>An epoll event carries the fd in the low half of its data and the exchange's serial number in
 * the high half, so that a stale event for a closed fd, reused within one batch, is recognised.
 */
final class EpollTransport {

    private static final int MAX_EVENTS = 512;
    private static final int EVENT_BYTES = 12; // struct epoll_event is packed on x86-64
    private static final int READ_BYTES = 64 * 1024;

    private final ExchangeLoop loop;
    private final int epfd;
    private final int wakeFd;
    private final Memory events = new Memory((long) MAX_EVENTS * EVENT_BYTES);
    private final ByteBuffer eventView = events.getByteBuffer(0, events.size()).order(ByteOrder.nativeOrder());
    private final Memory control = new Memory(EVENT_BYTES);
    private final ByteBuffer controlView = control.getByteBuffer(0, EVENT_BYTES).order(ByteOrder.nativeOrder());
    private final Memory readMemory = new Memory(READ_BYTES);
    private final ByteBuffer readView = readMemory.getByteBuffer(0, READ_BYTES).order(ByteOrder.BIG_ENDIAN);
    private final Memory one = new Memory(8);
    private final Memory drain = new Memory(8);
    private final int[] soError = new int[1];
    private final int[] soErrorLength = new int[1];
    /** The exchange on each open fd of this loop (null: none). */
    private Exchange[] byFd = new Exchange[1024];
    private int serial;

    private EpollTransport(ExchangeLoop loop, int epfd, int wakeFd) {
        this.loop = loop;
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        one.setLong(0, 1L);
    }

    /** A transport for {@code loop}, or null if libc cannot be called (no JNA, not Linux...). */
    static EpollTransport open(ExchangeLoop loop) {
        try {
            int epfd = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
            if (epfd < 0) {
                return null;
            }
            int wakeFd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (wakeFd < 0) {
                Libc.close(epfd);
                return null;
            }
            EpollTransport t = new EpollTransport(loop, epfd, wakeFd);
            if (t.control(Libc.EPOLL_CTL_ADD, wakeFd, Libc.EPOLLIN, 0) < 0) {
                Libc.close(wakeFd);
                Libc.close(epfd);
                return null;
            }
            return t;
        } catch (LinkageError | RuntimeException e) {
            return null; // no JNA or no libc: the loops stay on the JDK's selector
        }
    }

    /** Wakes the loop's thread from {@link #poll} (any thread). */
    void wakeup() {
        Libc.write(wakeFd, one, 8);
    }

    /** Opens {@code x}'s connection and, on loopback usually, sends its request at once. */
    void begin(Exchange x) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            loop.finish(x, x.failed(error(Native.getLastError()), true));
            return;
        }
        x.fd = fd;
        x.serial = ++serial;
        x.events = 0;
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(byFd.length * 2, fd + 1));
        }
        byFd[fd] = x;
        int c = x.target != null ? Libc.connect(fd, x.target.sockaddr, SockaddrIn.LENGTH)
                : Libc.connect(fd, SockaddrIn.of(x.address), SockaddrIn.LENGTH);
        CheckResult r;
        if (c == 0) {
            r = established(x);
        } else {
            int err = Native.getLastError();
            if (err != Libc.EINPROGRESS) {
                r = x.failed(connectError(err), true);
            } else if (x.request == null) {
                r = watch(x, Libc.EPOLLOUT);
            } else {
                r = send(x);
            }
        }
        if (r != null) {
            loop.finish(x, r);
        }
    }

    /** Waits up to {@code timeoutMillis} (-1: no limit) and handles what is ready. */
    void poll(int timeoutMillis) {
        int n = Libc.epoll_wait(epfd, events, MAX_EVENTS, timeoutMillis);
        for (int i = 0; i < n; i++) {
            int at = i * EVENT_BYTES;
            int ready = eventView.getInt(at);
            long data = eventView.getLong(at + 4);
            int fd = (int) data;
            if (fd == wakeFd) {
                Libc.read(wakeFd, drain, 8);
                continue;
            }
            Exchange x = fd < byFd.length ? byFd[fd] : null;
            if (x == null || x.serial != (int) (data >>> 32)) {
                continue; // closed while this batch was handled
            }
            if (x.finished()) {
                close(x);
                continue;
            }
            CheckResult r;
            try {
                r = step(x, ready);
            } catch (RuntimeException e) {
                r = CheckResult.down("500 " + Failures.describe(e));
            }
            if (r != null) {
                loop.finish(x, r);
            }
        }
    }

    /** Closes {@code x}'s socket (which takes it out of the epoll set), if it has one. */
    void close(Exchange x) {
        int fd = x.fd;
        if (fd < 0) {
            return;
        }
        x.fd = -1;
        if (byFd[fd] == x) {
            byFd[fd] = null;
        }
        Libc.close(fd);
    }

    private CheckResult step(Exchange x, int ready) {
        if (!x.connected && x.request == null) {
            soErrorLength[0] = 4;
            int err = Libc.getsockopt(x.fd, Libc.SOL_SOCKET, Libc.SO_ERROR, soError, soErrorLength) < 0
                    ? Native.getLastError() : soError[0];
            if (err != 0) {
                return x.failed(connectError(err), true);
            }
            if ((ready & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0) {
                return x.failed(connectError(Libc.ECONNREFUSED), true);
            }
            return established(x);
        }
        if (x.events == Libc.EPOLLOUT) {
            return send(x); // the connect's outcome comes with the write, too
        }
        long n = Libc.read(x.fd, readMemory, READ_BYTES);
        if (n > 0) {
            readView.clear().limit((int) n);
            return x.received(readView);
        }
        if (n == 0) {
            return x.ended();
        }
        int err = Native.getLastError();
        return err == Libc.EAGAIN || err == Libc.EINTR ? null : x.failed(error(err), false);
    }

    /** The handshake is done and nothing was sent yet. */
    private CheckResult established(Exchange x) {
        if (x.request != null) {
            return send(x);
        }
        x.connected = true;
        CheckResult r = x.connected();
        return r != null ? r : watch(x, Libc.EPOLLIN);
    }

    /** Writes what is left of the request; waits for EPOLLOUT if the socket takes no more (or is still connecting). */
    private CheckResult send(Exchange x) {
        ByteBuffer request = x.request;
        long n;
        if (request.position() == 0 && x.target != null && x.target.request != null
                && x.target.request.size() == request.remaining()) {
            n = Libc.write(x.fd, x.target.request, request.remaining());
        } else if (request.position() == 0 && request.arrayOffset() == 0) {
            n = Libc.write(x.fd, request.array(), request.remaining());
        } else {
            byte[] rest = new byte[request.remaining()];
            request.duplicate().get(rest);
            n = Libc.write(x.fd, rest, rest.length);
        }
        if (n < 0) {
            int err = Native.getLastError();
            if (err == Libc.EAGAIN || err == Libc.ENOTCONN || err == Libc.EINTR) {
                return watch(x, Libc.EPOLLOUT);
            }
            return x.connected ? x.failed(error(err), false) : x.failed(connectError(err), true);
        }
        if (!x.connected) {
            x.connected = true;
            CheckResult r = x.connected();
            if (r != null) {
                return r;
            }
        }
        request.position(request.position() + (int) n);
        return watch(x, request.hasRemaining() ? Libc.EPOLLOUT : Libc.EPOLLIN);
    }

    /** Waits for {@code wanted} on {@code x}'s socket; null, or the verdict if epoll refuses. */
    private CheckResult watch(Exchange x, int wanted) {
        if (x.events == wanted) {
            return null;
        }
        int op = x.events == 0 ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD;
        if (control(op, x.fd, wanted, x.serial) < 0) {
            return x.failed(error(Native.getLastError()), !x.connected);
        }
        x.events = wanted;
        return null;
    }

    private int control(int op, int fd, int wanted, int serialNumber) {
        controlView.putInt(0, wanted);
        controlView.putLong(4, ((long) serialNumber << 32) | (fd & 0xffffffffL));
        return Libc.epoll_ctl(epfd, op, fd, control);
    }

    /** The exception the JDK throws for a failed connect with {@code errno}: same class, same message. */
    private static IOException connectError(int errno) {
        String message = message(errno);
        return errno == Libc.EHOSTUNREACH ? new NoRouteToHostException(message) : new ConnectException(message);
    }

    /** The exception the JDK throws for a failed read or write with {@code errno}. */
    private static IOException error(int errno) {
        return errno == Libc.ECONNRESET ? new SocketException("Connection reset") : new IOException(message(errno));
    }

    private static String message(int errno) {
        try {
            String s = Libc.strerror(errno);
            return s == null ? "errno " + errno : s;
        } catch (LinkageError e) {
            return "errno " + errno;
        }
    }
}
