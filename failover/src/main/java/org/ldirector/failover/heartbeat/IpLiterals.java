package org.ldirector.failover.heartbeat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IP address literals, parsed without ever asking DNS (InetAddress.getByName would look up a malformed one). */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** The address {@code text} spells (dotted IPv4 or IPv6, optionally in brackets), or empty. */
    public static Optional<InetAddress> parse(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            if (s.contains(":")) {
                // A string with a colon is only ever parsed as an IPv6 literal, never looked up.
                return s.matches("[0-9A-Fa-f:.]+") ? Optional.of(InetAddress.getByName(s)) : Optional.empty();
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
