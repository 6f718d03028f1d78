package org.ldirector.director.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.ldirector.director.config.CheckSettings;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.EmailAlert;
import org.ldirector.director.config.FallbackServer;
import org.ldirector.director.config.GlobalSettings;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.Service;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.ServiceKey;

/** Builds resolved configurations for engine tests without going through the parser. */
final class TestConfigs {

    private TestConfigs() {
    }

    static ServiceKey tcp(String vip) {
        return new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse(vip));
    }

    static RealServer real(String ep, int weight) {
        return new RealServer(Endpoint.parse(ep), Forwarding.MASQ, weight, Optional.empty(), Optional.empty(), 0, 0, 0);
    }

    static RealServer gate(String ep, int weight) {
        return new RealServer(Endpoint.parse(ep), Forwarding.GATE, weight, Optional.empty(), Optional.empty(), 0, 0, 0);
    }

    static CheckSettings check(CheckType type, int failureCount) {
        return new CheckSettings(type, 0, Service.HTTP, Map.of(), "/bin/true", OptionalInt.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, failureCount, OptionalInt.empty(), 1);
    }

    static final class V {
        ServiceKey key;
        String scheduler = "wrr";
        List<RealServer> reals = new ArrayList<>();
        Optional<FallbackServer> fallback = Optional.empty();
        CheckSettings check = TestConfigs.check(CheckType.NEGOTIATE, 1);
        boolean quiescent;
        boolean cleanstop = true;
        Optional<String> fallbackCommand = Optional.empty();
        Optional<Path> monitorFile = Optional.empty();

        V(String vip) {
            key = tcp(vip);
        }

        V real(RealServer r) {
            reals.add(r);
            return this;
        }

        V fallback(String ep) {
            fallback = Optional.of(new FallbackServer(Endpoint.parse(ep), Forwarding.GATE));
            return this;
        }

        V quiescent(boolean q) {
            quiescent = q;
            return this;
        }

        V check(CheckSettings c) {
            check = c;
            return this;
        }

        V cleanstop(boolean c) {
            cleanstop = c;
            return this;
        }

        V scheduler(String s) {
            scheduler = s;
            return this;
        }

        V monitorFile(Path p) {
            monitorFile = Optional.of(p);
            return this;
        }

        V fallbackCommand(String c) {
            fallbackCommand = Optional.of(c);
            return this;
        }

        VirtualService build() {
            return new VirtualService(IpvsService.of(key, scheduler), 1, reals, fallback, check, quiescent, cleanstop,
                    fallbackCommand, EmailAlert.NONE, monitorFile, Optional.empty(), Optional.empty());
        }
    }

    static V virtual(String vip) {
        return new V(vip);
    }

    static DirectorConfig config(V... virtuals) {
        return config(GlobalSettings.defaults(), virtuals);
    }

    static DirectorConfig config(GlobalSettings g, V... virtuals) {
        List<VirtualService> vs = new ArrayList<>();
        for (V v : virtuals) {
            vs.add(v.build());
        }
        return new DirectorConfig(Path.of("/etc/ha.d/ldirectord.cf"), "digest", g, vs, List.of());
    }

    static GlobalSettings withMaintenanceDir(GlobalSettings d, Path dir) {
        return new GlobalSettings(d.checkInterval(), d.checkTimeout(), d.negotiateTimeout(), d.checkCount(), d.failureCount(),
                d.rise(), d.fallback(), d.fallback6(), d.fallbackCommand(), d.autoreload(), d.callback(), d.logfile(),
                d.execute(), d.fork(), d.supervised(), d.quiescent(), d.readdQuiescent(), d.cleanstop(), Optional.of(dir),
                d.emailAlert(), d.failover());
    }

    static CheckSettings withRise(CheckSettings c, int rise) {
        return new CheckSettings(c.type(), c.combinedConnects(), c.service(), c.values(), c.checkCommand(), c.checkPort(),
                c.checkTimeout(), c.negotiateTimeout(), c.checkCount(), c.failureCount(), c.checkInterval(), rise);
    }

    static GlobalSettings globals(int checkInterval, boolean readdQuiescent) {
        GlobalSettings d = GlobalSettings.defaults();
        return new GlobalSettings(checkInterval, d.checkTimeout(), d.negotiateTimeout(), d.checkCount(), d.failureCount(), d.rise(),
                d.fallback(), d.fallback6(), d.fallbackCommand(), d.autoreload(), d.callback(), d.logfile(), d.execute(),
                d.fork(), d.supervised(), d.quiescent(), readdQuiescent, d.cleanstop(), d.maintenanceDir(), d.emailAlert(),
                d.failover());
    }
}
