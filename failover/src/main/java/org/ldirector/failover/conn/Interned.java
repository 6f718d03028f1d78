package org.ldirector.failover.conn;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One object for each of the values that repeat across a connection table: the kernel's protocol and state names,
 * and the virtual and real server addresses (a few, named by every entry). 200 000 entries then hold 200 000 client
 * addresses and little else. The address cache is bounded ({@link #MAX_ADDRESSES}); past it, addresses are kept as
 * they come.
 */
public final class Interned {

    static final int MAX_ADDRESSES = 4096;
    private static final Map<InetAddress, InetAddress> ADDRESSES = new ConcurrentHashMap<>();

    private Interned() {
    }

    /** The kernel's protocol and state names as constants; anything else as it is. */
    public static String word(String w) {
        return switch (w) {
            case "TCP" -> "TCP";
            case "UDP" -> "UDP";
            case "SCTP" -> "SCTP";
            case "IP" -> "IP";
            case "NONE" -> "NONE";
            case "ESTABLISHED" -> "ESTABLISHED";
            case "SYN_SENT" -> "SYN_SENT";
            case "SYN_RECV" -> "SYN_RECV";
            case "FIN_WAIT" -> "FIN_WAIT";
            case "TIME_WAIT" -> "TIME_WAIT";
            case "CLOSE" -> "CLOSE";
            case "CLOSE_WAIT" -> "CLOSE_WAIT";
            case "LAST_ACK" -> "LAST_ACK";
            case "LISTEN" -> "LISTEN";
            case "SYNACK" -> "SYNACK";
            case "" -> "";
            default -> w;
        };
    }

    /** A server address (virtual or real): the one object already held for it, if any. */
    public static InetAddress address(InetAddress a) {
        InetAddress known = ADDRESSES.get(a);
        if (known != null) {
            return known;
        }
        if (ADDRESSES.size() < MAX_ADDRESSES) {
            known = ADDRESSES.putIfAbsent(a, a);
        }
        return known != null ? known : a;
    }
}
