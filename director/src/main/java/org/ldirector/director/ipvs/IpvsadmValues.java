package org.ldirector.director.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How ipvsadm 1.31 reads the values of its options: {@code string_to_number()}, {@code atoi()},
 * glibc's {@code inet_aton()} for IPv4 masks, and {@code parse_service()} for addresses.
 */
final class IpvsadmValues {

    private static final java.util.regex.Pattern V6_CHARS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");
    private static final java.util.regex.Pattern DOTTED_QUAD = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?\\d+");

    private IpvsadmValues() {
    }

    /** The form ipvsadm -L prints for a persistence netmask: a dotted quad (IPv4) or a prefix length (IPv6). */
    static Optional<String> shownNetmask(ServiceKey key, String netmask) {
        if (key.isIpv6()) {
            int m = atoi(netmask);
            return m >= 1 && m < 128 ? Optional.of(Integer.toString(m)) : Optional.empty();
        }
        long m = inetAton(netmask);
        return m < 0 || m == 0xffffffffL ? Optional.empty() : Optional.of(dotted(m));
    }

    record Address(InetAddress addr, int port) {
    }

    /**
     * parse_service(): {@code [v6]:port}, a bare IPv6 literal (no port), or {@code v4[:port]}.
     * Port -1 = not given. Null = illegal.
     */
    static Address address(String text) {
        String s = text;
        if (s.isEmpty() || s.chars().allMatch(Character::isDigit)) {
            return null;   // str_is_digit(): "80" alone is not an address
        }
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return null;
            }
            port = s.substring(close + 2);
            s = s.substring(1, close);
        }
        InetAddress addr = null;
        if (s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches()) {
            try {
                addr = Addresses.parseLiteral(s);
            } catch (IllegalArgumentException ex) {
                addr = null;
            }
        }
        if (addr == null || !(addr instanceof Inet6Address)) {
            if (port != null) {
                return null;   // brackets around something that is not IPv6
            }
            int colon = s.lastIndexOf(':');
            if (colon >= 0) {
                port = s.substring(colon + 1);
                s = s.substring(0, colon);
            }
            if (!DOTTED_QUAD.matcher(s).matches()) {
                return null;   // ipvsadm would try inet_aton() and gethostbyname(); we take literals only
            }
            try {
                addr = Addresses.parseLiteral(s);
            } catch (IllegalArgumentException ex) {
                return null;
            }
        }
        if (port == null) {
            return new Address(addr, -1);
        }
        int p = number(port, 0, 65535);
        return p < 0 ? null : new Address(addr, p);   // service names (getservbyname) are not looked up
    }

    /** string_to_number(): a whole decimal number within [min, max], else -1. */
    static int number(String s, int min, int max) {
        if (s == null || !INTEGER.matcher(s).matches()) {
            return -1;
        }
        try {
            long v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            return v >= min && v <= max ? (int) v : -1;
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    /** C atoi(): leading decimal digits, 0 if none. */
    static int atoi(String s) {
        int i = 0;
        String t = s.strip();
        boolean neg = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            neg = t.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (t.charAt(i++) - '0');
        }
        return (int) Math.min(Integer.MAX_VALUE, neg ? -v : v);
    }

    /**
     * glibc inet_aton(): 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part
     * fills the remaining bytes. Returns the address as an unsigned 32-bit value, -1 if invalid.
     */
    static long inetAton(String s) {
        if (s == null || s.isEmpty() || s.endsWith(".")) {
            return -1;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    v[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    v[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException ex) {
                return -1;
            }
            if (v[i] < 0 || p.startsWith("+") || p.startsWith("-")) {
                return -1;
            }
        }
        int n = parts.length;
        long last = v[n - 1];
        long lastMax = n == 1 ? 0xffffffffL : n == 2 ? 0xffffffL : n == 3 ? 0xffffL : 0xffL;
        if (last > lastMax) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < n - 1; i++) {
            if (v[i] > 0xff) {
                return -1;
            }
            result |= v[i] << (24 - 8 * i);
        }
        return result | last;
    }

    static String dotted(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
