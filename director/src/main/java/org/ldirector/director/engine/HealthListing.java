package org.ldirector.director.engine;

import java.util.HashMap;
import java.util.Map;

import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsListing;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * {@code ldirectord list}: the kernel's table exactly as {@code ipvsadm -L -n} prints it, each
 * real we manage followed by its health, failure count and last check result; then the
 * configured reals that are not in the table (down and deleted, or not checked yet).
 */
final class HealthListing {

    static final String TITLE = "Health  Fails Last check";

    private HealthListing() {
    }

    static String render(IpvsStatistics stats, EngineSnapshot snapshot) {
        IpvsTable kernel = stats.table();
        IpvsListing.ConnectionCounts counts = (service, real) -> {
            IpvsCounters c = stats.destination(service, real);
            return new IpvsListing.Connections(c.activeConnections(), c.inactiveConnections());
        };
        IpvsListing.Extras extras = IpvsListing.Extras.columns(TITLE, healthColumns(snapshot)).withConnections(counts);
        StringBuilder sb = new StringBuilder(IpvsListing.list(kernel, extras));
        StringBuilder missing = new StringBuilder();
        for (EngineSnapshot.VirtualView vv : snapshot.virtuals()) {
            ServiceKey key = vv.virtual().key();
            for (EngineSnapshot.RealView r : vv.reals()) {
                Endpoint ke = KernelRules.kernelEndpoint(key, r.server().endpoint(), r.server().forwarding());
                if (kernel.destination(key, ke).isEmpty()) {
                    missing.append(String.format("  %-22s -> %-28s %s%n", key.id(), ke, columns(r)));
                }
            }
        }
        if (!missing.isEmpty()) {
            sb.append("Configured real servers not in the table:\n").append(missing);
        }
        return sb.toString();
    }

    /** Each managed real's health columns; {@code fallback} for a fallback server. */
    private static IpvsListing.RealColumns healthColumns(EngineSnapshot snapshot) {
        Map<ServiceKey, Map<Endpoint, EngineSnapshot.RealView>> byKernelEndpoint = new HashMap<>();
        Map<ServiceKey, Map<Endpoint, Endpoint>> fallbacks = new HashMap<>();
        for (EngineSnapshot.VirtualView vv : snapshot.virtuals()) {
            VirtualService v = vv.virtual();
            for (EngineSnapshot.RealView r : vv.reals()) {
                byKernelEndpoint.computeIfAbsent(v.key(), k -> new HashMap<>())
                        .putIfAbsent(KernelRules.kernelEndpoint(v.key(), r.server().endpoint(), r.server().forwarding()), r);
            }
            v.fallback().ifPresent(f -> {
                Endpoint fe = KernelRules.kernelEndpoint(v.key(), f.endpoint(), f.forwarding());
                fallbacks.computeIfAbsent(v.key(), k -> new HashMap<>()).put(fe, fe);
            });
        }
        return (service, d) -> {
            EngineSnapshot.RealView h = byKernelEndpoint.getOrDefault(service, Map.of()).get(d.endpoint());
            if (h != null) {
                return " " + columns(h);
            }
            return fallbacks.getOrDefault(service, Map.of()).containsKey(d.endpoint()) ? " fallback" : "";
        };
    }

    /** {@code ldirectord stats}: the kernel's counters ({@code --stats}, or {@code --rate}) with the health columns of {@code list}. */
    static String renderStatistics(IpvsStatistics stats, boolean rate, EngineSnapshot snapshot) {
        return IpvsListing.listStatistics(stats, rate, IpvsListing.Extras.columns(TITLE, healthColumns(snapshot)));
    }

    /** The health columns of one real: its state (drained and maintenance included), failures, last result. */
    static String columns(EngineSnapshot.RealView h) {
        return String.format("%-7s %-5d %s", h.state().word(), h.failures(),
                h.lastMessage().isEmpty() ? "-" : oneLine(h.lastMessage()));
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
