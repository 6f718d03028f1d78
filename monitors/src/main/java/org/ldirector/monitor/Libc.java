package org.ldirector.monitor;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library's socket and epoll calls for {@link EpollTransport}, bound once with JNA's direct
 * mapping (as the director's NetlinkSocket). No call declares {@code LastErrorException}: on the
 * hot path an exception per {@code EAGAIN} would cost more than the call; a call returns -1 and
 * {@link Native#getLastError()} says why.
 */
final class Libc {

    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINPROGRESS = 115;
    static final int ENOTCONN = 107;
    static final int ECONNRESET = 104;
    static final int ECONNREFUSED = 111;
    static final int ETIMEDOUT = 110;
    static final int EHOSTUNREACH = 113;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Libc() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int connect(int fd, byte[] addr, int addrlen);

    static native int connect(int fd, Pointer addr, int addrlen);

    static native long write(int fd, byte[] buf, long count);

    static native long write(int fd, Pointer buf, long count);

    static native long read(int fd, Pointer buf, long count);

    static native int close(int fd);

    static native int getsockopt(int fd, int level, int name, int[] value, int[] len);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

    static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    static native int eventfd(int initval, int flags);

    static native String strerror(int errnum);
}
