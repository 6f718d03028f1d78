package org.ldirector.director.importer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import org.ldirector.director.ipvs.Addresses;

/** IP literals, netmasks and ldirectord.cf's address forms, as the import writes them. */
final class AddressText {

    private AddressText() {
    }

    static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(Addresses.parseLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isV6(String ip) {
        return literal(ip).filter(a -> a instanceof Inet6Address).isPresent();
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    static String endpoint(String ip, int port) {
        return (isV6(ip) ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** The prefix length of a dotted-quad netmask, empty when it is not a contiguous mask. */
    static Optional<Integer> prefix(String mask) {
        Optional<InetAddress> a = literal(mask).filter(x -> x instanceof Inet4Address);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = a.get().getAddress();
        int bits = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int prefix = Integer.bitCount(bits);
        int expected = prefix == 0 ? 0 : -1 << (32 - prefix);
        return bits == expected ? Optional.of(prefix) : Optional.empty();
    }

    /** The dotted-quad netmask of a prefix length. */
    static String netmask(int prefix) {
        int bits = prefix == 0 ? 0 : -1 << (32 - prefix);
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }

    /** {@code eth0:1} (an alias label) is the interface {@code eth0}. */
    static String baseDevice(String dev) {
        int colon = dev.indexOf(':');
        return colon < 0 ? dev : dev.substring(0, colon);
    }

    /** A haresources IPaddr2 resource; prefix and device are left for Heartbeat's find_interface when unknown. */
    static String ipAddr2(String ip, Optional<Integer> prefix, Optional<String> dev) {
        String kind = isV6(ip) ? "IPv6addr::" : "IPaddr2::";
        StringBuilder b = new StringBuilder(kind).append(ip);
        if (prefix.isPresent()) {
            b.append('/').append(prefix.get());
            dev.ifPresent(d -> b.append('/').append(d));
        }
        return b.toString();
    }
}
