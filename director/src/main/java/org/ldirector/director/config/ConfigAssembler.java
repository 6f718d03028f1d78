package org.ldirector.director.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Turns the drafts into the model once the whole file is read, resolving every "per virtual, else global, else
 * default" value the way ldirectord does at run time (so a global line after a section still applies to it).
 */
final class ConfigAssembler {

    static final int DEFAULT_CHECKTIMEOUT = 5;
    static final int DEFAULT_NEGOTIATETIMEOUT = 30;

    private ConfigAssembler() {
    }

    static ServiceKey key(SectionDraft d) {
        if (d.isFwmark()) {
            return new ServiceKey.Fwmark((int) d.fwmark, d.family == HostResolver.Family.IPV6);
        }
        ServiceKey.Protocol p = d.protocol.equals("udp") ? ServiceKey.Protocol.UDP : ServiceKey.Protocol.TCP;
        return new ServiceKey.Address(p, new Endpoint(d.address, d.port));
    }

    static DirectorConfig assemble(Path file, String digest, GlobalDraft g, List<SectionDraft> sections,
                                   List<ConfigMessage> warnings) {
        List<VirtualService> virtuals = new ArrayList<>();
        for (SectionDraft d : sections) {
            virtuals.add(virtual(g, d));
        }
        return new DirectorConfig(file, digest, globals(g), virtuals, warnings);
    }

    static GlobalSettings globals(GlobalDraft g) {
        return new GlobalSettings(g.checkInterval, optional(g.checkTimeout), optional(g.negotiateTimeout),
                g.checkCount, g.failureCount, g.rise, Optional.ofNullable(g.fallbackRaw), Optional.ofNullable(g.fallback6Raw),
                Optional.ofNullable(g.fallbackCommand), g.autoreload, Optional.ofNullable(g.callback), g.logfile,
                List.copyOf(g.execute), g.fork, g.supervised, g.quiescent, g.readdQuiescent, g.cleanstop,
                Optional.ofNullable(g.maintenanceDir).map(Path::of),
                new EmailAlert(g.emailAlert, g.emailAlertFreq, g.emailAlertStatus, Optional.ofNullable(g.emailAlertFrom),
                        Optional.ofNullable(g.smtp)),
                Optional.ofNullable(g.failover).map(Path::of), web(g),
                HookDirectives.global(g.hooks));
    }

    private static WebSettings web(GlobalDraft g) {
        return new WebSettings(Optional.ofNullable(g.webAddress), g.webPort, Optional.ofNullable(g.webPasswd).map(Path::of),
                Optional.ofNullable(g.webCert).map(Path::of), Optional.ofNullable(g.webKey).map(Path::of));
    }

    private static VirtualService virtual(GlobalDraft g, SectionDraft d) {
        ServiceKey key = key(d);
        IpvsService ipvs = new IpvsService(key, d.scheduler, optional(d.persistent), Optional.ofNullable(d.netmask),
                Optional.ofNullable(d.schedFlags), d.ops && d.protocol.equals("udp"));
        EmailAlert email = new EmailAlert(d.emailAlert != null ? d.emailAlert : g.emailAlert,
                d.emailAlertFreq != null ? d.emailAlertFreq : g.emailAlertFreq,
                d.emailAlertStatus != null ? d.emailAlertStatus : g.emailAlertStatus,
                Optional.ofNullable(g.emailAlertFrom), Optional.ofNullable(d.smtp != null ? d.smtp : g.smtp));
        return new VirtualService(ipvs, d.virtualLine, d.reals, fallback(g, d), check(g, d),
                d.quiescent != null ? d.quiescent : g.quiescent, d.cleanstop != null ? d.cleanstop : g.cleanstop,
                Optional.ofNullable(d.fallbackCommand != null ? d.fallbackCommand : g.fallbackCommand), email,
                Optional.ofNullable(d.monitorFile).map(f -> Path.of(f.strip())), Optional.ofNullable(d.serviceName),
                Optional.ofNullable(d.comment), Optional.ofNullable(d.load),
                HookDirectives.effective(d.hooks, g.hooks));
    }

    /**
     * {@code fallback_find} (L4329): the section's own fallback, else the global one of the virtual's family and
     * protocol, with the virtual's port when the global one has none. ldirectord has no global fallback for fwmark
     * virtuals (it builds a broken one, {@code parse_fallback}); here they get the tcp-resolved global fallback, port 0 if none given.
     */
    private static Optional<FallbackServer> fallback(GlobalDraft g, SectionDraft d) {
        if (d.resolvedFallback != null) {
            return Optional.of(d.resolvedFallback.withDefaultPort(d.port));
        }
        boolean v6 = d.family == HostResolver.Family.IPV6;
        ServerLines.ResolvedFallback global = switch (d.protocol) {
            case "udp" -> v6 ? g.fallback6Udp : g.fallbackUdp;
            default -> v6 ? g.fallback6Tcp : g.fallbackTcp;
        };
        return global == null ? Optional.empty() : Optional.of(global.withDefaultPort(d.isFwmark() ? 0 : d.port));
    }

    private static CheckSettings check(GlobalDraft g, SectionDraft d) {
        // ldirectord's ld_setup: checktimeout and negotiatetimeout are each other's defaults.
        int checkTimeout = first(d.checkTimeout, d.negotiateTimeout, g.checkTimeout, g.negotiateTimeout,
                DEFAULT_CHECKTIMEOUT);
        int negotiateTimeout = first(d.negotiateTimeout, d.checkTimeout, g.negotiateTimeout, g.checkTimeout,
                DEFAULT_NEGOTIATETIMEOUT);
        return new CheckSettings(d.checkType, d.combinedConnects, Service.fromConfigName(d.service), d.options,
                d.checkCommand, optional(d.checkPort), Duration.ofSeconds(checkTimeout),
                Duration.ofSeconds(negotiateTimeout), d.checkCount != null ? d.checkCount : g.checkCount,
                d.failureCount != null ? d.failureCount : g.failureCount, optional(d.checkInterval),
                d.rise != null ? d.rise : g.rise);
    }

    private static int first(Integer a, Integer b, Integer c, Integer d, int fallback) {
        for (Integer i : new Integer[] {a, b, c, d}) {
            if (i != null) {
                return i;
            }
        }
        return fallback;
    }

    private static OptionalInt optional(Integer i) {
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
