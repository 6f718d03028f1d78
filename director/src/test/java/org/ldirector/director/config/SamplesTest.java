package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;

/** The shared sample configurations, copied under src/test/resources/config/samples. */
class SamplesTest {

    private final TestEnv env = new TestEnv();

    private static List<String> endpoints(VirtualService v) {
        return v.reals().stream().map(r -> r.endpoint().toString()).toList();
    }

    @Test
    void upstreamSample01HasOneHttpVirtualWithItsFallback() throws Exception {
        DirectorConfig c = env.parseSample("01-resource-agents-upstream-sample.cf");

        assertThat(c.globals().checkTimeout()).hasValue(3);
        assertThat(c.globals().checkInterval()).isEqualTo(1);
        assertThat(c.globals().autoreload()).isTrue();
        assertThat(c.globals().quiescent()).isFalse();
        assertThat(c.virtuals()).hasSize(1);
        VirtualService v = c.virtuals().get(0);
        assertThat(v.key().id()).isEqualTo("tcp:192.168.6.240:80");
        assertThat(v.lineNumber()).isEqualTo(28);
        assertThat(endpoints(v)).containsExactly("192.168.6.2:80", "192.168.6.3:80", "192.168.6.6:80");
        assertThat(v.reals()).allMatch(r -> r.forwarding() == Forwarding.GATE && r.weight() == 1);
        assertThat(v.fallback()).contains(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.GATE));
        assertThat(v.ipvs().scheduler()).isEqualTo("rr");
        assertThat(v.check().service()).isEqualTo(Service.HTTP);
        assertThat(v.check().type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(v.check().checkPort()).hasValue(80);
        assertThat(v.check().value("request")).isEqualTo("/index.html");
        assertThat(v.check().value("receive")).isEqualTo("Test Page");
        assertThat(v.check().value("virtualhost")).isEqualTo("www.x.y.z");
        assertThat(v.check().checkTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(v.check().negotiateTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(v.serviceName()).contains("Web Site");
        assertThat(v.comment()).contains("Test load balanced web site");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void debianDummySample02HasNoVirtuals() throws Exception {
        DirectorConfig c = env.parseSample("02-debian-packaged-dummy.cf");

        assertThat(c.virtuals()).isEmpty();
        assertThat(c.globals()).isEqualTo(GlobalSettings.defaults());
    }

    @Test
    void heartbeatSample03KeepsTheLastOfItsDuplicatedDirectives() throws Exception {
        DirectorConfig c = env.parseSample("03-heartbeat2-era-upstream-sample.cf");

        assertThat(c.virtuals()).hasSize(1);
        VirtualService v = c.virtuals().get(0);
        assertThat(v.check().value("request")).isEqualTo("/index.html");
        assertThat(v.check().value("receive")).isEqualTo("Test Page");
        assertThat(v.check().value("virtualhost")).isEqualTo("www.x.y.z"); // not some.domain.com.au
        assertThat(v.check().checkPort()).hasValue(80); // from a " \t"-indented line
        assertThat(v.fallback()).contains(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.GATE));
        assertThat(endpoints(v)).containsExactly("192.168.6.2:80", "192.168.6.3:80", "192.168.6.6:80");
    }

    @Test
    void kubernetesSample05IsQuiescentHttps() throws Exception {
        VirtualService v = env.parseSample("05-kubernetes-apiserver-https.cf").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:10.20.0.21:6443");
        assertThat(v.check().service()).isEqualTo(Service.HTTPS);
        assertThat(v.check().value("request")).isEqualTo("/healthz");
        assertThat(v.check().value("receive")).isEqualTo("ok");
        assertThat(v.check().checkPort()).isEmpty();
        assertThat(v.quiescent()).isTrue();
        assertThat(v.serviceName()).contains("kubernetes");
        assertThat(endpoints(v)).containsExactly("10.20.0.11:6443", "10.20.0.12:6443", "10.20.0.13:6443");
    }

    @Test
    void heartbeatSample06ToleratesATrailingSpaceAfterTheScheduler() throws Exception {
        DirectorConfig c = env.parseSample("06-heartbeat-haresources-per-vip.cf");

        VirtualService v = c.virtuals().get(0);
        assertThat(v.ipvs().scheduler()).isEqualTo("wlc");
        assertThat(v.reals()).extracting(RealServer::weight).containsExactly(100, 300);
        assertThat(v.check().value("request")).isEqualTo("/.ldirectord.html");
        assertThat(v.check().checkTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.globals().logfile()).isEqualTo("/var/log/ldirectord.log");
        assertThat(env.appended).containsExactly("/var/log/ldirectord.log");
    }

    @Test
    void tutorialSample07IsAcceptedWithItsQuirks() throws Exception {
        DirectorConfig c = env.parseSample("07-tutorial-quirks-accepted.cf");

        assertThat(c.virtuals()).hasSize(2);
        VirtualService first = c.virtuals().get(0);
        assertThat(first.reals()).extracting(RealServer::weight).containsExactly(1, 1); // "gate -w 1"
        assertThat(first.check().value("virtualhost")).isEqualTo("test.example");
        assertThat(first.check().checkPort()).hasValue(80); // 6-space indentation
        VirtualService second = c.virtuals().get(1);
        assertThat(second.reals()).containsExactly(
                new RealServer(Endpoint.parse("198.51.100.201:0"), Forwarding.GATE, 1, Optional.empty(),
                        Optional.empty(), 0, 0, 27),
                new RealServer(Endpoint.parse("198.51.100.202:0"), Forwarding.GATE, 2, Optional.empty(),
                        Optional.empty(), 0, 0, 28));
        assertThat(second.fallback()).contains(new FallbackServer(Endpoint.parse("127.0.0.1:80"), Forwarding.GATE));
    }

    @Test
    void maintenanceSample09WarnsAboutTheMissingDirectory() throws Exception {
        DirectorConfig c = env.parseSample("09-maintenancedir-masq.cf");

        assertThat(c.warnings()).extracting(ConfigMessage::line, ConfigMessage::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, "maintenance directory does not exist"));
        VirtualService v = c.virtuals().get(0);
        assertThat(v.reals()).allMatch(r -> r.forwarding() == Forwarding.MASQ);
        assertThat(v.check().value("request")).isEqualTo("/");
        assertThat(v.check().value("receive")).isEmpty();
        assertThat(v.fallback()).isEmpty();
        assertThat(c.globals().maintenanceDir()).hasValueSatisfying(p -> assertThat(p).hasToString("/etc/ha.d/web"));
    }

    @Test
    void legacySample10FailsOnTheTimeoutDirective() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> env.parseSample("10-negative-legacy-timeout-directive.cf"));

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.format(1234)).isEqualTo("Error [1234] reading file 10-negative-legacy-timeout-directive.cf "
                + "at line 6: timeout directive deprecated in favour of checktimeout and negotiatetimeout");
    }
}
