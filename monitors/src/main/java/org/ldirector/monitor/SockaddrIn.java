package org.ldirector.monitor;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/** The kernel's {@code struct sockaddr_in} of an IPv4 address and port: 16 bytes, built once per real. */
final class SockaddrIn {

    static final int LENGTH = 16;

    private SockaddrIn() {
    }

    /** The bytes {@code connect} takes for {@code address}, which must be IPv4. */
    static byte[] of(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        byte[] ip = v4.getAddress();
        byte[] s = new byte[LENGTH];
        s[0] = (byte) Libc.AF_INET; // sin_family, little-endian (x86-64, aarch64)
        s[2] = (byte) (address.getPort() >>> 8); // sin_port, network order
        s[3] = (byte) address.getPort();
        System.arraycopy(ip, 0, s, 4, 4); // sin_addr, network order; 8 bytes of zero follow
        return s;
    }
}
