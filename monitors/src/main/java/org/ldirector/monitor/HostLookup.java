package org.ldirector.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a check's host string into an address. IP literals (the normal case: ldirectord resolves
 * names once, at config load) are parsed without touching DNS; a name is looked up on a separate
 * virtual thread so that a slow resolver cannot hold a check past its deadline. Never does a
 * reverse lookup.
 */
final class HostLookup {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private HostLookup() {
    }

    /** True when {@code host} is an IPv4 or IPv6 literal (IPv6 with or without brackets). */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || DOTTED_QUAD.matcher(host).matches();
    }

    /** The first address of {@code host}, within the deadline. */
    static InetAddress resolve(String host, Deadline deadline) throws UnknownHostException, InterruptedException {
        return resolveAll(host, deadline).getFirst();
    }

    /** All addresses of {@code host}, within the deadline. */
    static List<InetAddress> resolveAll(String host, Deadline deadline)
            throws UnknownHostException, InterruptedException {
        InetAddress literal = parseLiteral(host);
        if (literal != null) {
            return List.of(literal);
        }
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("ldirector-dns-lookup").start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(host));
            } catch (Throwable t) {
                lookup.completeExceptionally(t);
            }
        });
        try {
            return List.of(lookup.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new UnknownHostException(host + ": lookup timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            UnknownHostException u = new UnknownHostException(host + ": " + e.getCause());
            u.initCause(e.getCause());
            throw u;
        }
    }

    /** The address of an IP literal, parsed without DNS; null when {@code host} is a name. */
    static InetAddress parseLiteral(String host) throws UnknownHostException {
        if (host.isEmpty()) {
            throw new UnknownHostException("empty host");
        }
        if (host.indexOf(':') >= 0) {
            // Brackets make InetAddress insist on a literal: it never falls back to DNS.
            String bracketed = host.startsWith("[") ? host : "[" + host + "]";
            return InetAddress.getByName(bracketed);
        }
        Matcher m = DOTTED_QUAD.matcher(host);
        if (m.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    throw new UnknownHostException(host + ": invalid IPv4 address");
                }
                bytes[i] = (byte) octet;
            }
            return InetAddress.getByAddress(bytes);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            // "10.1.2" and friends: InetAddress would send these to DNS; they are typos, not names.
            throw new UnknownHostException(host + ": invalid IPv4 address");
        }
        return null;
    }
}
