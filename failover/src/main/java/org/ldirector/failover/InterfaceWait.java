package org.ldirector.failover;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Waits for a heartbeat interface to be there with a usable address, as Heartbeat waits for its media at boot
 * instead of failing.
 *
 * <p>Java's {@link NetworkInterface} only lists interfaces that have an address at that instant (it enumerates
 * {@code SIOCGIFCONF}, which holds IPv4 addresses only, and {@code /proc/net/if_inet6}): an interface that is up
 * but whose address is still being added is "not there" for it, and one with only its IPv6 link-local address
 * (added by the kernel when the link comes up, before the IPv4 address) has nothing to bind to. Existence is
 * therefore read from {@code /proc/net/dev}, which lists every device of this network namespace, and the wait
 * lasts until the device has an IPv4 or a non-link-local IPv6 address.
 */
final class InterfaceWait {

    /** What the kernel says about a device now. */
    interface Lookup {
        /** Empty when there is no such device; else its addresses (possibly none). */
        Optional<List<InetAddress>> addresses(String device) throws IOException;
    }

    /** This network namespace: {@code /proc/net/dev} and {@link NetworkInterface}. */
    static final Lookup SYSTEM = device -> {
        NetworkInterface nif = NetworkInterface.getByName(device);
        if (nif != null) {
            return Optional.of(Collections.list(nif.getInetAddresses()));
        }
        return listedInProcNetDev(device) ? Optional.of(List.of()) : Optional.empty();
    };

    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final Duration POLL = Duration.ofMillis(250);
    static final Duration REMIND = Duration.ofSeconds(60);

    private final Lookup lookup;
    private final Sleeper sleeper;
    private final LongSupplier clock;
    private final Consumer<String> log;

    InterfaceWait(Lookup lookup, Sleeper sleeper, LongSupplier clock, Consumer<String> log) {
        this.lookup = lookup;
        this.sleeper = sleeper;
        this.clock = clock;
        this.log = log;
    }

    /** Returns the usable addresses of {@code device} (IPv4 first), waiting as long as it takes. */
    List<InetAddress> await(String device) throws IOException {
        long start = clock.getAsLong();
        long nextLog = start;
        String lastReason = null;
        while (true) {
            Optional<List<InetAddress>> all = lookup.addresses(device);
            List<InetAddress> usable = all.map(InterfaceWait::usable).orElse(List.of());
            if (!usable.isEmpty()) {
                if (lastReason != null) {
                    log.accept("Heartbeat interface " + device + " is ready after "
                            + Duration.ofNanos(clock.getAsLong() - start).toMillis() + " ms");
                }
                return usable;
            }
            String reason = all.isEmpty() ? "does not exist yet" : "has no address yet";
            long now = clock.getAsLong();
            if (!reason.equals(lastReason) || now - nextLog >= 0) {
                log.accept("Heartbeat interface " + device + " " + reason + ": waiting for it");
                nextLog = now + REMIND.toNanos();
                lastReason = reason;
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for heartbeat interface " + device);
            }
        }
    }

    /** IPv4 addresses, then IPv6 addresses that are not link-local: what a heartbeat can be bound to. */
    static List<InetAddress> usable(List<InetAddress> all) {
        List<InetAddress> v4 = all.stream().filter(Inet4Address.class::isInstance).toList();
        List<InetAddress> v6 = all.stream().filter(a -> !(a instanceof Inet4Address) && !a.isLinkLocalAddress())
                .toList();
        return java.util.stream.Stream.concat(v4.stream(), v6.stream()).toList();
    }

    private static boolean listedInProcNetDev(String device) throws IOException {
        try {
            // "  eth0: 1234 ..." after two header lines
            return Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                    .map(l -> l.substring(0, Math.max(0, l.indexOf(':'))).strip())
                    .anyMatch(device::equals);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
