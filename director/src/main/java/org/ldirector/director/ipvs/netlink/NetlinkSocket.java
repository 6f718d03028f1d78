package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import org.ldirector.director.ipvs.IpvsException;

/**
 * An {@code AF_NETLINK}/{@code NETLINK_GENERIC} socket through the C library's {@code socket},
 * {@code bind}, {@code setsockopt}, {@code sendto}, {@code recv} and {@code close}, called with
 * JNA's direct mapping (no FFM: the project is on Java 21, where {@code java.lang.foreign} is
 * still a preview). Messages are built and read in Java ({@link NetlinkWriter}, {@link NetlinkMessage});
 * only the bytes cross into native memory, one copy each way.
 *
 * <p>Not thread-safe: one socket per caller at a time.
 */
final class NetlinkSocket implements NetlinkChannel {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_GENERIC = 16;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int MSG_TRUNC = 0x20;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    /** A dump's datagrams are at most 32 KiB (netlink_dump); twice that leaves room. */
    private static final int RECEIVE_SIZE = 64 * 1024;
    /** Room for the ACKs of a whole chunk of a batch ({@link NetlinkIpvsBackend}); root may exceed rmem_max. */
    static final int BUFFER_BYTES = 8 * 1024 * 1024;

    /** The C functions, bound once (JNA direct mapping). */
    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

        static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

        static native long sendto(int fd, Pointer buf, long len, int flags, byte[] addr, int addrlen)
                throws LastErrorException;

        static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }

    private final int fd;
    private final Memory in = new Memory(RECEIVE_SIZE);
    private Memory out = new Memory(64 * 1024);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens and binds a socket (the kernel picks our port id) with {@code timeout} on every receive. */
    static NetlinkSocket open(Duration timeout) throws IpvsException {
        int fd;
        try {
            fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
        } catch (LastErrorException e) {
            throw new IpvsException("cannot open a generic netlink socket: " + Errno.describe(e.getErrorCode()), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IpvsException("cannot call the C library through JNA: " + e.getMessage(), e);
        }
        NetlinkSocket s = new NetlinkSocket(fd);
        try {
            LibC.bind(fd, sockaddrNl(), 12);
            s.bufferSize(SO_RCVBUFFORCE, SO_RCVBUF);
            s.bufferSize(SO_SNDBUFFORCE, SO_SNDBUF);
            long micros = timeout.toNanos() / 1000;
            ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            tv.putLong(micros / 1_000_000).putLong(micros % 1_000_000);
            LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16);
            try {
                // error ACKs without a copy of the request: we match them by sequence number
                LibC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, int32(1), 4);
            } catch (LastErrorException ignored) {
                // kernels before 4.3: the copy comes along, which costs only bytes
            }
        } catch (LastErrorException e) {
            s.close();
            throw new IpvsException("cannot set up the generic netlink socket: " + Errno.describe(e.getErrorCode()), e);
        }
        return s;
    }

    /** {@code struct sockaddr_nl} of the kernel: family AF_NETLINK, port id 0, no groups. */
    private static byte[] sockaddrNl() {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK).array();
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private void bufferSize(int forced, int plain) {
        try {
            LibC.setsockopt(fd, SOL_SOCKET, forced, int32(BUFFER_BYTES), 4);
        } catch (LastErrorException notRoot) {
            try {
                LibC.setsockopt(fd, SOL_SOCKET, plain, int32(BUFFER_BYTES), 4);   // capped at [rw]mem_max
            } catch (LastErrorException ignored) {
                // the default size; batches are sent in chunks that fit it
            }
        }
    }

    @Override
    public void send(byte[] datagram) throws IpvsException {
        if (out.size() < datagram.length) {
            out = new Memory(Math.max(datagram.length, out.size() * 2));
        }
        out.write(0, datagram, 0, datagram.length);
        while (true) {
            try {
                long n = LibC.sendto(fd, out, datagram.length, 0, sockaddrNl(), 12);
                if (n != datagram.length) {
                    throw new IpvsException("netlink sendto sent " + n + " of " + datagram.length + " bytes");
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IpvsException("netlink sendto failed: " + Errno.describe(e.getErrorCode()), e);
                }
            }
        }
    }

    @Override
    public ByteBuffer receive() throws IpvsException {
        while (true) {
            try {
                long n = LibC.recv(fd, in, RECEIVE_SIZE, MSG_TRUNC);
                if (n > RECEIVE_SIZE) {
                    throw new IpvsException("a netlink answer of " + n + " bytes did not fit " + RECEIVE_SIZE);
                }
                byte[] copy = new byte[(int) n];   // the caller keeps messages across receives
                in.read(0, copy, 0, copy.length);
                return ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    throw new IpvsException("no answer from the kernel's IPVS within the timeout");
                }
                if (e.getErrorCode() != EINTR) {
                    throw new IpvsException("netlink recv failed: " + Errno.describe(e.getErrorCode()), e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing left to do with it
            }
        }
    }
}
