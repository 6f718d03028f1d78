package org.ldirector.director.engine;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ldirector.director.ipvs.Endpoint;

/**
 * ldirectord's {@code maintenancedir} ({@code _check_real_for_maintenance}): a real is in maintenance while any of
 * {@code <rip>:<rport>}, {@code <rip>}, {@code <rdns>:<rport>}, {@code <rdns>},
 * {@code <short>:<rport>}, {@code <short>} exists in the directory (IPv6 addresses in brackets;
 * {@code short} = the first label of the reverse name, only if it matches {@code ^[a-z][a-z0-9-]+\.}).
 * The reverse name is looked up once per address, not at every check.
 */
final class Maintenance {

    private final Map<InetAddress, List<String>> names = new ConcurrentHashMap<>();

    boolean inMaintenance(Path dir, Endpoint real) {
        for (String name : candidates(real)) {
            if (Files.exists(dir.resolve(name))) {
                return true;
            }
        }
        return false;
    }

    private List<String> candidates(Endpoint real) {
        List<String> hosts = names.computeIfAbsent(real.address(), Maintenance::hostNames);
        List<String> out = new ArrayList<>();
        for (String h : hosts) {
            out.add(h + ":" + real.port());
            out.add(h);
        }
        return out;
    }

    private static List<String> hostNames(InetAddress address) {
        List<String> hosts = new ArrayList<>();
        hosts.add(new Endpoint(address, 0).hostForDisplay());
        String rdns = address.getCanonicalHostName();
        if (!rdns.equals(address.getHostAddress()) && !rdns.contains(":")) {
            hosts.add(rdns);
            if (rdns.matches("^[a-z][a-z0-9-]+\\..*")) {
                hosts.add(rdns.substring(0, rdns.indexOf('.')));
            }
        }
        return hosts;
    }
}
