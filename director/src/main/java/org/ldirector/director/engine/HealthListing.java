package org.ldirector.director.engine;

import java.util.Map;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * {@code ldirectord list}: the kernel's table in {@code ipvsadm -L -n} layout for the configured
 * virtuals, each real followed by its health, failure count and last check result.
 */
final class HealthListing {

    private HealthListing() {
    }

    static String render(IpvsTable kernel, DirectorConfig config, Map<RealKey, RealHealth> health) {
        StringBuilder sb = new StringBuilder();
        sb.append("Prot LocalAddress:Port Scheduler Flags\n");
        sb.append("  -> RemoteAddress:Port           Forward Weight Health  Fails Last check\n");
        if (config == null) {
            return sb.toString();
        }
        for (VirtualService v : config.virtuals()) {
            ServiceKey key = v.key();
            IpvsTable.Entry entry = kernel.service(key).orElse(null);
            sb.append(serviceLine(v, entry != null)).append('\n');
            for (RealServer r : v.reals()) {
                Endpoint kernelEp = KernelRules.kernelEndpoint(key, r.endpoint(), r.forwarding());
                IpvsDestination d = entry == null ? null : entry.destinations().get(kernelEp);
                RealHealth h = health.get(new RealKey(key, r.endpoint()));
                sb.append(String.format("  -> %-28s %-7s %-6s %-7s %-5d %s%n", kernelEp,
                        d == null ? "-" : d.forwarding() == null ? "Local" : d.forwarding().listName(),
                        d == null ? "-" : Integer.toString(d.weight()),
                        h == null ? "-" : h.health().word(), h == null ? 0 : h.failures(),
                        h == null || h.lastMessage().isEmpty() ? "-" : oneLine(h.lastMessage())));
            }
            v.fallback().ifPresent(f -> {
                Endpoint fe = KernelRules.kernelEndpoint(key, f.endpoint(), f.forwarding());
                IpvsDestination d = entry == null ? null : entry.destinations().get(fe);
                sb.append(String.format("  -> %-28s %-7s %-6s %-7s %-5s %s%n", fe,
                        d == null ? "-" : f.forwarding().listName(), d == null ? "-" : Integer.toString(d.weight()),
                        "fallback", "", d == null ? "(not in table)" : "(in table)"));
            });
        }
        return sb.toString();
    }

    private static String serviceLine(VirtualService v, boolean inKernel) {
        ServiceKey key = v.key();
        String prot = switch (key) {
            case ServiceKey.Address a -> String.format("%-4s %s", a.protocol().listName(), a.endpoint());
            case ServiceKey.Fwmark f -> String.format("FWM  %s%s", f.display(), f.ipv6() ? " IPv6" : "");
        };
        StringBuilder sb = new StringBuilder(prot).append(' ').append(v.ipvs().scheduler());
        if (v.ipvs().persistence().isPresent()) {
            sb.append(" persistent ").append(v.ipvs().persistence().getAsInt());
            v.ipvs().netmask().ifPresent(m -> sb.append(" mask ").append(m));
        }
        if (!inKernel) {
            sb.append("  (not in the kernel table)");
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
