package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.ServiceKey;

/** Virtual addresses, real servers, ranges, fallbacks, IPv6 and firewall marks. */
class ServerLinesTest {

    private final TestEnv env = new TestEnv();

    private VirtualService virtual(String sectionLines) throws ConfigException {
        return env.parse("virtual=192.0.2.1:80\n" + sectionLines).virtuals().get(0);
    }

    private RealServer real(String realValue) throws ConfigException {
        List<RealServer> reals = virtual("\treal=" + realValue + "\n").reals();
        assertThat(reals).hasSize(1);
        return reals.get(0);
    }

    private static List<String> endpoints(VirtualService v) {
        return v.reals().stream().map(r -> r.endpoint().toString()).toList();
    }

    // ---------------------------------------------------------------- real=

    @Test
    void aRealHasAnAddressPortForwardingAndWeight() throws Exception {
        assertThat(real("192.0.2.11:8080 masq 5")).isEqualTo(new RealServer(Endpoint.parse("192.0.2.11:8080"),
                Forwarding.MASQ, 5, Optional.empty(), Optional.empty(), 0, 0, 2));
        assertThat(real("192.0.2.11:80 ipip").forwarding()).isEqualTo(Forwarding.IPIP);
        assertThat(real("192.0.2.11:80 gate 0").weight()).isZero();
    }

    @Test
    void aRealWithoutAPortHasPortZero() throws Exception {
        assertThat(real("192.0.2.11 gate").endpoint()).isEqualTo(Endpoint.parse("192.0.2.11:0"));
    }

    @Test
    void theWeightIsTheFirstNumberAfterTheForwardingMethod() throws Exception {
        assertThat(real("192.0.2.11:80 gate -w 3").weight()).isEqualTo(3);
    }

    @Test
    void realPortsAndHostsMayBeNames() throws Exception {
        assertThat(real("web1.example.com:http gate").endpoint()).isEqualTo(Endpoint.parse("10.0.0.1:80"));
        assertThat(real("192.0.2.11:mysql gate").endpoint().port()).isEqualTo(3306);
        assertThat(real("192.0.2.11:domain gate").endpoint().port()).isEqualTo(53);
    }

    @Test
    void aRealMayCarryItsOwnRequestAndReceive() throws Exception {
        RealServer comma = real("192.0.2.11:80 gate 2 \"check.html\", \"OK\"");
        RealServer space = real("192.0.2.11:80 gate \"check.html\" \"OK\"");

        assertThat(comma.weight()).isEqualTo(2);
        assertThat(comma.request()).contains("/check.html");
        assertThat(comma.receive()).contains("OK");
        assertThat(space.request()).contains("/check.html");
        assertThat(space.receive()).contains("OK");
    }

    @Test
    void aRequestStartingWithASlashKeepsItsReceive() throws Exception {
        // ldirectord loses the receive here (docs/compatibility-config.md); the pair is kept as written.
        RealServer r = real("192.0.2.11:80 gate 1 \"/check.html\", \"OK\" l:5");

        assertThat(r.request()).contains("/check.html");
        assertThat(r.receive()).contains("OK");
        assertThat(r.lowerThreshold()).isEqualTo(5);
    }

    @Test
    void connectionThresholdsFollowAsBareLAndU() throws Exception {
        RealServer r = real("192.0.2.11:80 gate 3 l:10 u:100");
        RealServer onlyUpper = real("192.0.2.11:80 masq u:50");

        assertThat(r.weight()).isEqualTo(3);
        assertThat(r.lowerThreshold()).isEqualTo(10);
        assertThat(r.upperThreshold()).isEqualTo(100);
        assertThat(onlyUpper.lowerThreshold()).isZero();
        assertThat(onlyUpper.upperThreshold()).isEqualTo(50);
    }

    @Test
    void quotedThresholdsAreARequestReceivePair() throws Exception {
        RealServer r = real("192.0.2.11:80 gate \"l:10\" \"u:100\"");

        assertThat(r.request()).contains("/l:10");
        assertThat(r.receive()).contains("u:100");
        assertThat(r.lowerThreshold()).isZero();
    }

    @Test
    void realLinesAreResolvedAtTheEndOfTheSectionWithItsFinalValues() throws Exception {
        VirtualService v = virtual("\treal=192.0.2.11:80 gate\n\tscheduler=rr\n\treal=192.0.2.12:80 gate\n");

        assertThat(endpoints(v)).containsExactly("192.0.2.11:80", "192.0.2.12:80");
        assertThat(v.reals()).extracting(RealServer::lineNumber).containsExactly(2, 4);
    }

    // ---------------------------------------------------------------- ranges

    @Test
    void aRangeGivesOneRealPerAddressInclusive() throws Exception {
        VirtualService v = virtual("\treal=192.168.6.2->192.168.6.7:80 gate 2\n\treal=192.168.6.32:80 gate\n");

        assertThat(endpoints(v)).containsExactly("192.168.6.2:80", "192.168.6.3:80", "192.168.6.4:80",
                "192.168.6.5:80", "192.168.6.6:80", "192.168.6.7:80", "192.168.6.32:80");
        assertThat(v.reals().get(0).weight()).isEqualTo(2);
    }

    @Test
    void rangeEndpointsMayBeHostNames() throws Exception {
        assertThat(endpoints(virtual("\treal=sql01->sql03:3306 gate\n")))
                .containsExactly("10.1.0.1:3306", "10.1.0.2:3306", "10.1.0.3:3306");
    }

    @Test
    void rangesCompareNumericallyAcrossDigitBoundaries() throws Exception {
        // ldirectord compares with "le" and yields nothing for 10.0.0.9->10.0.0.10.
        assertThat(endpoints(virtual("\treal=10.0.0.9->10.0.0.10:80 gate\n")))
                .containsExactly("10.0.0.9:80", "10.0.0.10:80");
        assertThat(endpoints(virtual("\treal=10.0.0.255->10.0.1.1:80 gate\n")))
                .containsExactly("10.0.0.255:80", "10.0.1.0:80", "10.0.1.1:80");
    }

    @Test
    void aOneAddressRangeIsOneReal() throws Exception {
        assertThat(endpoints(virtual("\treal=10.0.0.5->10.0.0.5 gate\n"))).containsExactly("10.0.0.5:0");
    }

    @Test
    void aBracketRangeInTheLastOctetMeansWhatItSays() throws Exception {
        // ldirectord reads this as host "80", i.e. 0.0.0.80 port 0.
        assertThat(endpoints(virtual("\treal=192.168.1.[2-4]:80 gate\n")))
                .containsExactly("192.168.1.2:80", "192.168.1.3:80", "192.168.1.4:80");
    }

    @Test
    void aDoubleColonBeforeThePortIsReadAsOneWithAWarning() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:5060\n\treal=192.168.6.2::5060 gate\n");

        assertThat(endpoints(c.virtuals().get(0))).containsExactly("192.168.6.2:5060");
        assertThat(c.warnings()).extracting(ConfigMessage::line, ConfigMessage::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2,
                        "please update your config: real server 192.168.6.2::5060 read as 192.168.6.2:5060"));
    }

    // ---------------------------------------------------------------- virtual=

    @Test
    void aVirtualMayBeAHostNameWithAServiceName() throws Exception {
        VirtualService v = env.parse("virtual=vip.example.com:http\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:192.0.2.80:80");
        assertThat(v.check().service()).isEqualTo(Service.HTTP);
    }

    @Test
    void aDomainVirtualResolvesAndIsUdp() throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:domain\n\treal=192.0.2.11:domain gate\n").virtuals().get(0);

        assertThat(v.key()).isEqualTo(new ServiceKey.Address(ServiceKey.Protocol.UDP, Endpoint.parse("192.0.2.1:53")));
        assertThat(v.check().service()).isEqualTo(Service.DNS);
        assertThat(endpoints(v)).containsExactly("192.0.2.11:53");
    }

    @Test
    void aPlainNumberIsAFirewallMark() throws Exception {
        VirtualService v = env.parse("virtual=7 # web farm\n\treal=192.0.2.11 gate\n\treal=192.0.2.12:80 gate\n"
                + "\tprotocol=fwm\n").virtuals().get(0);

        assertThat(v.key()).isEqualTo(new ServiceKey.Fwmark(7, false));
        assertThat(v.key().id()).isEqualTo("fwm:7");
        assertThat(v.check().service()).isEqualTo(Service.NONE);
        assertThat(endpoints(v)).containsExactly("192.0.2.11:0", "192.0.2.12:80");
    }

    @Test
    void firewallMarksUpToTwoToTheThirtyTwoAreAccepted() throws Exception {
        VirtualService v = env.parse("virtual=4294967295\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("fwm:4294967295");
    }

    @Test
    void anIpv6FirewallMarkHasItsOwnId() throws Exception {
        DirectorConfig c = env.parse("virtual=7\n\treal=192.0.2.11 gate\nvirtual6=7\n\treal6=[2001:db8::11] gate\n");

        assertThat(c.virtuals()).extracting(v -> v.key().id()).containsExactly("fwm:7", "fwm6:7");
        assertThat(endpoints(c.virtuals().get(1))).containsExactly("[2001:db8::11]:0");
    }

    @Test
    void ipv6VirtualsTakeIpv6RealsFallbacksAndPrefixNetmasks() throws Exception {
        VirtualService v = env.parse("""
                virtual6=[2001:db8::1]:443
                \treal6=[2001:db8::11]:443 masq 2
                \treal6=v6only.example.com:https gate
                \tfallback6=[::1]
                \tnetmask=64
                \tpersistent=300
                """).virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:[2001:db8::1]:443");
        assertThat(v.check().service()).isEqualTo(Service.HTTPS);
        assertThat(endpoints(v)).containsExactly("[2001:db8::11]:443", "[2001:db8::6]:443");
        assertThat(v.fallback()).contains(new FallbackServer(Endpoint.parse("[::1]:443"), Forwarding.GATE));
        assertThat(v.ipvs().netmask()).contains("64");
    }

    @Test
    void anIpv6VirtualMayBeAHostName() throws Exception {
        VirtualService v = env.parse("virtual6=vip.example.com:80\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:[2001:db8::80]:80");
    }

    @Test
    void portsAndMarksAreNumbersSoLeadingZerosDoNotMatter() throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:0080\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:192.0.2.1:80");
        assertThat(v.check().service()).isEqualTo(Service.HTTP);
        assertThat(env.error("virtual=007\n\treal=192.0.2.11 gate\nvirtual=7\n").getMessage())
                .isEqualTo("duplicate virtual server");
    }

    // ---------------------------------------------------------------- fallback=

    @Test
    void aSectionFallbackDefaultsToTheVirtualPortAndGate() throws Exception {
        assertThat(virtual("\tfallback=127.0.0.1\n").fallback())
                .contains(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.GATE));
        assertThat(virtual("\tfallback=localhost:8080 masq\n").fallback())
                .contains(new FallbackServer(Endpoint.parse("127.0.0.1:8080"), Forwarding.MASQ));
    }

    @Test
    void aSectionFallbackTakesTheRawVirtualPortResolvedWithTheProtocol() throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:http\n\tfallback=127.0.0.1 ipip\n").virtuals().get(0);

        assertThat(v.fallback()).contains(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.IPIP));
    }

    @Test
    void aGlobalFallbackAppliesToEveryVirtualWithItsPort() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:80\nvirtual=192.0.2.1:443\n\tfallback=127.0.0.2:8443\n"
                + "virtual=192.0.2.1:53\nfallback=127.0.0.1\n");

        assertThat(c.virtuals()).extracting(VirtualService::fallback).containsExactly(
                Optional.of(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.GATE)),
                Optional.of(new FallbackServer(Endpoint.parse("127.0.0.2:8443"), Forwarding.GATE)),
                Optional.of(new FallbackServer(Endpoint.parse("127.0.0.1:53"), Forwarding.GATE)));
        assertThat(c.globals().fallback()).contains("127.0.0.1");
    }

    @Test
    void aGlobalFallbackWithAPortKeepsIt() throws Exception {
        VirtualService v = env.parse("fallback=127.0.0.1:8000 masq\nvirtual=192.0.2.1:80\n").virtuals().get(0);

        assertThat(v.fallback()).contains(new FallbackServer(Endpoint.parse("127.0.0.1:8000"), Forwarding.MASQ));
    }

    @Test
    void globalFallbacksAreChosenByAddressFamily() throws Exception {
        DirectorConfig c = env.parse("fallback=127.0.0.1:80\nfallback6=[::1]:80\n"
                + "virtual=192.0.2.1:80\nvirtual6=[2001:db8::1]:80\n");

        assertThat(c.virtuals()).extracting(v -> v.fallback().orElseThrow().endpoint().toString())
                .containsExactly("127.0.0.1:80", "[::1]:80");
    }

    @Test
    void aFirewallMarkUsesTheGlobalFallback() throws Exception {
        // ldirectord looks up a non-existent "fwm" entry and builds a broken fallback ({@code parse_fallback}).
        DirectorConfig c = env.parse("fallback=127.0.0.1\nvirtual=7\nvirtual=8\n\tfallback=127.0.0.2\n");

        assertThat(c.virtuals()).extracting(v -> v.fallback().orElseThrow().endpoint().toString())
                .containsExactly("127.0.0.1:0", "127.0.0.2:0");
    }

    @Test
    void aFallbackTakesTheLastTwoWords() throws Exception {
        assertThat(virtual("\tfallback=ignored 127.0.0.1:81 masq\n").fallback())
                .contains(new FallbackServer(Endpoint.parse("127.0.0.1:81"), Forwarding.MASQ));
    }
}
