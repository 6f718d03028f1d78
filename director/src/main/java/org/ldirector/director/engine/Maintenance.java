package org.ldirector.director.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.ipvs.Endpoint;

/**
 * ldirectord's {@code maintenancedir} ({@code _check_real_for_maintenance}): a real is in maintenance while any of
 * {@code <rip>:<rport>}, {@code <rip>}, {@code <rdns>:<rport>}, {@code <rdns>},
 * {@code <short>:<rport>}, {@code <short>} exists in the directory (IPv6 addresses in brackets;
 * {@code short} = the first label of the reverse name, only if it matches {@code ^[a-z][a-z0-9-]+\.}).
 *
 * <p>The reverse name is looked up once per address, on a thread of its own: the caller (the thread that records
 * every check's result) never waits for DNS, so a black-holed name server delays no check. While a lookup is
 * pending, a real counts as in maintenance if the directory holds any entry that is not an address form (it might be
 * the real's name: the real is not put into the table on a guess), and as not in maintenance otherwise. A lookup that has
 * not answered after {@link #LOOKUP_PATIENCE_NANOS} is given up on, like a failed one: only the address forms count
 * (its answer, should it come later, still replaces them).
 */
final class Maintenance {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final long LOOKUP_PATIENCE_NANOS = 3_000_000_000L;

    /** The names of an address, or none yet (pending since {@code started}). */
    private record Names(List<String> hosts, long started) {
        boolean pending() {
            return hosts == null;
        }
    }

    private final Map<InetAddress, Names> names = new ConcurrentHashMap<>();
    private final Function<InetAddress, String> reverse;
    private final LongSupplier nanos;

    Maintenance() {
        this(InetAddress::getCanonicalHostName, System::nanoTime);
    }

    /** Which of {@code users}' reals have a file in {@code dir} ({@link #inMaintenance}), each asked once. */
    Set<Endpoint> heldOut(Path dir, List<RealKey> users) {
        Set<Endpoint> held = new HashSet<>();
        Set<Endpoint> asked = new HashSet<>();
        for (RealKey k : users) {
            if (asked.add(k.real()) && inMaintenance(dir, k.real())) {
                held.add(k.real());
            }
        }
        return held;
    }

    /** @param reverse the reverse lookup (the address's text when there is no name), may block for long */
    Maintenance(Function<InetAddress, String> reverse, LongSupplier nanos) {
        this.reverse = reverse;
        this.nanos = nanos;
    }

    boolean inMaintenance(Path dir, Endpoint real) {
        String ip = new Endpoint(real.address(), 0).hostForDisplay();
        if (exists(dir, ip, real.port())) {
            return true;
        }
        Names n = names(real.address(), ip);
        if (n.pending()) {
            return holdsAName(dir);
        }
        for (String h : n.hosts()) {
            if (exists(dir, h, real.port())) {
                return true;
            }
        }
        return false;
    }

    private static boolean exists(Path dir, String host, int port) {
        return Files.exists(dir.resolve(host + ":" + port)) || Files.exists(dir.resolve(host));
    }

    private static final java.util.regex.Pattern ADDRESS_FORM =
            java.util.regex.Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\])(:\\d+)?");

    /** Whether an entry of {@code dir} could be a host name (not {@code <ip>} or {@code <ip>:<port>}). */
    private static boolean holdsAName(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (!ADDRESS_FORM.matcher(e.getFileName().toString()).matches()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private Names names(InetAddress address, String ip) {
        Names n = names.get(address);
        if (n == null) {
            Names pending = new Names(null, nanos.getAsLong());
            n = names.putIfAbsent(address, pending);
            if (n == null) {
                n = pending;
                Thread.ofVirtual().name("reverse-dns " + ip).start(() -> {
                    List<String> hosts = hostNames(address, ip);
                    names.put(address, new Names(hosts, 0));
                });
            }
        }
        if (n.pending() && nanos.getAsLong() - n.started() >= LOOKUP_PATIENCE_NANOS) {
            LOG.warn("No answer to the reverse lookup of {} for maintenancedir in {} s: only its address counts"
                    + " until one comes", ip, LOOKUP_PATIENCE_NANOS / 1_000_000_000L);
            Names none = new Names(List.of(), 0);
            names.replace(address, n, none);
            return none;
        }
        return n;
    }

    private List<String> hostNames(InetAddress address, String ip) {
        List<String> hosts = new ArrayList<>();
        try {
            String rdns = reverse.apply(address);
            if (rdns != null && !rdns.equals(address.getHostAddress()) && !rdns.equals(ip) && !rdns.contains(":")) {
                hosts.add(rdns);
                if (rdns.matches("^[a-z][a-z0-9-]+\\..*")) {
                    hosts.add(rdns.substring(0, rdns.indexOf('.')));
                }
            }
        } catch (RuntimeException e) {
            // no name: the address forms only, as when the lookup fails
        }
        return List.copyOf(hosts);
    }
}
