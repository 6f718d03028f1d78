package org.ldirector.director.engine;

import java.util.HashMap;
import java.util.Map;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsListing;
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

    static String render(IpvsTable kernel, IpvsListing.ConnectionCounts counts, DirectorConfig config,
                         Map<RealKey, RealStatus> health) {
        Map<ServiceKey, Map<Endpoint, RealStatus>> byKernelEndpoint = new HashMap<>();
        Map<ServiceKey, Map<Endpoint, Endpoint>> fallbacks = new HashMap<>();
        if (config != null) {
            for (VirtualService v : config.virtuals()) {
                for (RealServer r : v.reals()) {
                    RealStatus h = health.get(new RealKey(v.key(), r.endpoint()));
                    if (h != null) {
                        byKernelEndpoint.computeIfAbsent(v.key(), k -> new HashMap<>())
                                .putIfAbsent(KernelRules.kernelEndpoint(v.key(), r.endpoint(), r.forwarding()), h);
                    }
                }
                v.fallback().ifPresent(f -> {
                    Endpoint fe = KernelRules.kernelEndpoint(v.key(), f.endpoint(), f.forwarding());
                    fallbacks.computeIfAbsent(v.key(), k -> new HashMap<>()).put(fe, fe);
                });
            }
        }
        IpvsListing.Extras extras = IpvsListing.Extras.columns(TITLE, (service, d) -> {
            RealStatus h = byKernelEndpoint.getOrDefault(service, Map.of()).get(d.endpoint());
            if (h != null) {
                return " " + columns(h);
            }
            return fallbacks.getOrDefault(service, Map.of()).containsKey(d.endpoint()) ? " fallback" : "";
        }).withConnections(counts);
        StringBuilder sb = new StringBuilder(IpvsListing.list(kernel, extras));
        StringBuilder missing = new StringBuilder();
        if (config != null) {
            for (VirtualService v : config.virtuals()) {
                for (RealServer r : v.reals()) {
                    Endpoint ke = KernelRules.kernelEndpoint(v.key(), r.endpoint(), r.forwarding());
                    if (kernel.destination(v.key(), ke).isEmpty()) {
                        RealStatus h = health.get(new RealKey(v.key(), r.endpoint()));
                        missing.append(String.format("  %-22s -> %-28s %s%n", v.key().id(), ke,
                                h == null ? "-" : columns(h)));
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            sb.append("Configured real servers not in the table:\n").append(missing);
        }
        return sb.toString();
    }

    private static String columns(RealStatus h) {
        return String.format("%-7s %-5d %s", h.health().word(), h.failures(),
                h.lastMessage().isEmpty() ? "-" : oneLine(h.lastMessage()));
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
