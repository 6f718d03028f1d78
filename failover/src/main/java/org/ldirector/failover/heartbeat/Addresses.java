package org.ldirector.failover.heartbeat;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as ipvsadm and ip(8) print them: dotted IPv4, RFC 5952 IPv6 (inet_ntop's compression). */
public final class Addresses {

    private Addresses() {
    }

    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** {@code addr:port}, with IPv6 in brackets. */
    public static String withPort(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + text(address) + "]" : text(address)) + ":" + port;
    }
}
