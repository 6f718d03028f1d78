package org.ldirector.director.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address and port, printed the way ipvsadm and ldirectord print them:
 * {@code 10.0.0.1:80}, {@code [2001:db8::1]:80}. Port 0 means "no port" (a port-less real).
 */
public record Endpoint(InetAddress address, int port) implements Comparable<Endpoint> {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The address as text without port: {@code 10.0.0.1} or {@code 2001:db8::1} (compressed, no brackets, no scope). */
    public String host() {
        return Addresses.format(address);
    }

    /** The address as ldirectord prints it before a port: IPv6 in brackets. */
    public String hostForDisplay() {
        return isIpv6() ? "[" + host() + "]" : host();
    }

    public Endpoint withPort(int newPort) {
        return new Endpoint(address, newPort);
    }

    @Override
    public String toString() {
        return hostForDisplay() + ":" + port;
    }

    @Override
    public int compareTo(Endpoint o) {
        int c = java.util.Arrays.compareUnsigned(address.getAddress(), o.address.getAddress());
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    /** Parses {@code 1.2.3.4:80} or {@code [v6]:80} (IP literals only, no name lookups). */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an address:port: " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(Addresses.parseLiteral(host), Integer.parseInt(text.substring(colon + 1)));
    }
}
