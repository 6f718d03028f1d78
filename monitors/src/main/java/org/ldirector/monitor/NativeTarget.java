package org.ldirector.monitor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import com.sun.jna.Memory;

/**
 * What an {@link EpollTransport} hands the kernel for every probe of one real, in native memory,
 * built once per {@link RecurringCheck}: its {@code struct sockaddr_in} and its request bytes.
 * JNA passes a {@link Memory} as a bare address, where a Java array would be copied in and out.
 */
final class NativeTarget {

    final Memory sockaddr;
    /** The request, or null for a bare connect. */
    final Memory request;

    private NativeTarget(Memory sockaddr, Memory request) {
        this.sockaddr = sockaddr;
        this.request = request;
    }

    /** For the probes of {@code address} that send {@code request} (whole, from its start; may be null). */
    static NativeTarget of(InetSocketAddress address, ByteBuffer request) {
        Memory s = new Memory(SockaddrIn.LENGTH);
        s.write(0, SockaddrIn.of(address), 0, SockaddrIn.LENGTH);
        Memory r = null;
        if (request != null && request.limit() > 0) {
            byte[] bytes = new byte[request.limit()];
            request.duplicate().position(0).get(bytes);
            r = new Memory(bytes.length);
            r.write(0, bytes, 0, bytes.length);
        }
        return new NativeTarget(s, r);
    }
}
