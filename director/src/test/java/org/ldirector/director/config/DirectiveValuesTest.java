package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.ServiceKey;

/** What each directive stores, its default, and how per-virtual values inherit the globals. */
class DirectiveValuesTest {

    private final TestEnv env = new TestEnv();

    private VirtualService virtual(String sectionLines) throws ConfigException {
        return env.parse("virtual=192.0.2.1:80\n" + sectionLines).virtuals().get(0);
    }

    @Test
    void globalDefaultsAreThoseOfSetDefaults() throws Exception {
        GlobalSettings g = env.parse("").globals();

        assertThat(g.checkInterval()).isEqualTo(10);
        assertThat(g.checkTimeout()).isEmpty();
        assertThat(g.negotiateTimeout()).isEmpty();
        assertThat(g.checkCount()).isEqualTo(1);
        assertThat(g.failureCount()).isEqualTo(1);
        assertThat(g.fallback()).isEmpty();
        assertThat(g.fallbackCommand()).isEmpty();
        assertThat(g.autoreload()).isFalse();
        assertThat(g.callback()).isEmpty();
        assertThat(g.logfile()).isEqualTo("/var/log/ldirectord.log");
        assertThat(g.execute()).isEmpty();
        assertThat(g.fork()).isFalse();
        assertThat(g.supervised()).isFalse();
        assertThat(g.quiescent()).isFalse();
        assertThat(g.readdQuiescent()).isFalse();
        assertThat(g.cleanstop()).isTrue();
        assertThat(g.maintenanceDir()).isEmpty();
        assertThat(g.emailAlert()).isEqualTo(EmailAlert.NONE);
    }

    @Test
    void sectionDefaultsAreThoseOfTheVirtualLine() throws Exception {
        VirtualService v = virtual("\treal=192.0.2.11:80 gate\n");
        CheckSettings c = v.check();

        assertThat(v.key()).isEqualTo(new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("192.0.2.1:80")));
        assertThat(v.ipvs().scheduler()).isEqualTo("wrr");
        assertThat(v.ipvs().persistence()).isEmpty();
        assertThat(v.ipvs().netmask()).isEmpty();
        assertThat(v.ipvs().schedFlags()).isEmpty();
        assertThat(v.ipvs().onePacket()).isFalse();
        assertThat(c.type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(c.combinedConnects()).isZero();
        assertThat(c.service()).isEqualTo(Service.HTTP);
        assertThat(c.value("request")).isEqualTo("/");
        assertThat(c.value("receive")).isEmpty();
        assertThat(c.value("virtualhost")).isEmpty();
        assertThat(c.value("httpmethod")).isEqualTo("GET");
        assertThat(c.value("login")).isEmpty();
        assertThat(c.value("passwd")).isEmpty();
        assertThat(c.value("database")).isEmpty();
        assertThat(c.value("secret")).isEmpty();
        assertThat(c.checkCommand()).isEqualTo("/bin/true");
        assertThat(c.checkPort()).isEmpty();
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.negotiateTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.checkCount()).isEqualTo(1);
        assertThat(c.failureCount()).isEqualTo(1);
        assertThat(c.checkInterval()).isEmpty();
        assertThat(v.quiescent()).isFalse();
        assertThat(v.cleanstop()).isTrue();
        assertThat(v.fallback()).isEmpty();
        assertThat(v.fallbackCommand()).isEmpty();
        assertThat(v.emailAlert()).isEqualTo(EmailAlert.NONE);
        assertThat(v.monitorFile()).isEmpty();
        assertThat(v.serviceName()).isEmpty();
        assertThat(v.comment()).isEmpty();
        assertThat(v.load()).isEmpty();
        assertThat(v.reals()).containsExactly(new RealServer(Endpoint.parse("192.0.2.11:80"), Forwarding.GATE, 1,
                Optional.empty(), Optional.empty(), 0, 0, 2));
    }

    static Stream<Arguments> defaultServicePerPort() {
        return Stream.of(arguments(21, Service.FTP), arguments(25, Service.SMTP), arguments(53, Service.DNS),
                arguments(80, Service.HTTP), arguments(110, Service.POP), arguments(119, Service.NNTP),
                arguments(143, Service.IMAP), arguments(389, Service.LDAP), arguments(443, Service.HTTPS),
                arguments(587, Service.SUBMISSION), arguments(993, Service.IMAPS), arguments(995, Service.POPS),
                arguments(1521, Service.ORACLE), arguments(1812, Service.RADIUS), arguments(3128, Service.HTTP_PROXY),
                arguments(3306, Service.MYSQL), arguments(5060, Service.SIP), arguments(5432, Service.PGSQL),
                arguments(636, Service.LDAPS), arguments(8080, Service.NONE), arguments(0, Service.NONE));
    }

    @ParameterizedTest(name = "port {0} -> {1}")
    @MethodSource("defaultServicePerPort")
    void theDefaultServiceFollowsTheVirtualPort(int port, Service service) throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:" + port + "\n").virtuals().get(0);

        assertThat(v.check().service()).isEqualTo(service);
    }

    @Test
    void theDefaultServiceComesFromTheResolvedPortOfAServiceName() throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:https\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:192.0.2.1:443");
        assertThat(v.check().service()).isEqualTo(Service.HTTPS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"53,udp:192.0.2.1:53", "domain,udp:192.0.2.1:53", "5353,tcp:192.0.2.1:5353", "80,tcp:192.0.2.1:80"})
    void port53OrDomainDefaultsToUdp(String port, String id) throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:" + port + "\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo(id);
    }

    @Test
    void protocolOverridesTheDefault() throws Exception {
        VirtualService v = env.parse("virtual=192.0.2.1:domain\n\tprotocol=tcp\n").virtuals().get(0);

        assertThat(v.key().id()).isEqualTo("tcp:192.0.2.1:53");
        assertThat(v.check().service()).isEqualTo(Service.DNS);
    }

    @Test
    void opsIsOnlyEffectiveForUdp() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:53\n\tops=yes\nvirtual=192.0.2.1:80\n\tops=yes\n");

        assertThat(c.virtuals()).extracting(v -> v.ipvs().onePacket()).containsExactly(true, false);
    }

    @Test
    void everySectionDirectiveIsStored() throws Exception {
        env.directories.add("/var/lib/ld");
        VirtualService v = virtual("""
                \treal=192.0.2.11:80 gate
                \tchecktype=connect
                \tcheckcommand="/usr/local/bin/check web"
                \tcheckport=8080
                \tlogin="monitor"
                \tpasswd="s3cret"
                \tdatabase="app"
                \tsecret="radius-secret"
                \tload="cpu load"
                \tscheduler=Wlc
                \tpersistent=0
                \tschedflags=sh-port,sh-fallback more
                \tnetmask=255.255.255.0
                \tservice=pgsql
                \thttpmethod=HEAD
                \tvirtualhost="www.example.com"
                \trequest="select 1"
                \treceive="1"
                \tcheckinterval=4
                \tchecktimeout=3
                \tnegotiatetimeout=9
                \tcheckcount=2
                \tfailurecount=3
                \tquiescent=yes
                \tcleanstop=no
                \tfallbackcommand=/usr/local/bin/fb
                \temailalert="ops@example.com, dev@example.com"
                \temailalertfreq=60
                \temailalertstatus=starting, running
                \tsmtp=relay.example.com:25
                \tmonitorfile="/var/log/ld-monitor.log"
                \tservicename=Shop
                \tcomment=The shop
                """);
        CheckSettings c = v.check();

        assertThat(c.type()).isEqualTo(CheckType.CONNECT);
        assertThat(c.checkCommand()).isEqualTo("/usr/local/bin/check web");
        assertThat(c.checkPort()).isEqualTo(OptionalInt.of(8080));
        assertThat(c.value("login")).isEqualTo("monitor");
        assertThat(c.value("passwd")).isEqualTo("s3cret");
        assertThat(c.value("database")).isEqualTo("app");
        assertThat(c.value("secret")).isEqualTo("radius-secret");
        assertThat(v.load()).contains("cpu");
        assertThat(v.ipvs().scheduler()).isEqualTo("lc"); // first run of [a-z]+, as ldirectord
        assertThat(v.ipvs().persistence()).isEqualTo(OptionalInt.of(0));
        assertThat(v.ipvs().schedFlags()).contains("sh-port,sh-fallback");
        assertThat(v.ipvs().netmask()).contains("255.255.255.0");
        assertThat(c.service()).isEqualTo(Service.PGSQL);
        assertThat(c.value("httpmethod")).isEqualTo("HEAD");
        assertThat(c.value("virtualhost")).isEqualTo("www.example.com");
        assertThat(c.value("request")).isEqualTo("/select 1");
        assertThat(c.value("receive")).isEqualTo("1");
        assertThat(c.checkInterval()).isEqualTo(OptionalInt.of(4));
        assertThat(c.checkTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.negotiateTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(c.checkCount()).isEqualTo(2);
        assertThat(c.failureCount()).isEqualTo(3);
        assertThat(v.quiescent()).isTrue();
        assertThat(v.cleanstop()).isFalse();
        assertThat(v.fallbackCommand()).contains("/usr/local/bin/fb");
        assertThat(v.emailAlert()).isEqualTo(new EmailAlert("ops@example.com, dev@example.com", 60,
                EnumSet.of(DaemonStatus.STARTING, DaemonStatus.RUNNING), Optional.empty(),
                Optional.of("relay.example.com")));
        assertThat(v.monitorFile()).contains(Path.of("/var/log/ld-monitor.log"));
        assertThat(env.appended).contains("/var/log/ld-monitor.log");
        assertThat(v.serviceName()).contains("Shop");
        assertThat(v.comment()).contains("The shop");
    }

    @Test
    void riseIsInheritedFromTheGlobalValueAndOverriddenPerVirtual() throws Exception {
        DirectorConfig c = env.parse("rise=3\nvirtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n\n"
                + "virtual=192.0.2.2:80\n\treal=192.0.2.11:80 gate\n\trise=1\n");
        assertThat(c.globals().rise()).isEqualTo(3);
        assertThat(c.virtuals().get(0).check().rise()).isEqualTo(3);
        assertThat(c.virtuals().get(1).check().rise()).isEqualTo(1);
        assertThat(env.parse("").globals().rise()).isEqualTo(1);
    }

    @Test
    void everyGlobalDirectiveIsStored() throws Exception {
        env.directories.add("/etc/ha.d/maint");
        GlobalSettings g = env.parse("""
                checktimeout=4
                negotiatetimeout=20
                checkinterval=3
                failurecount=2
                fallback=127.0.0.1:80 masq
                fallback6=[::1]:80
                fallbackcommand="/usr/local/bin/fb"
                autoreload=yes
                callback="/usr/local/bin/sync"
                logfile="local0"
                execute=other.cf
                execute=third.cf
                execute=other.cf
                fork=yes
                supervised=no
                quiescent=yes
                readdquiescent=yes
                cleanstop=no
                emailalert="ops@example.com"
                emailalertfreq=0
                emailalertstatus=none
                emailalertfrom="LB" <lb@example.com>
                smtp=relay.example.com
                maintenancedir=/etc/ha.d/maint
                failover = /etc/ha.d/ha.cf
                """).globals();

        assertThat(g.failover()).contains(java.nio.file.Path.of("/etc/ha.d/ha.cf"));
        assertThat(g.rise()).isEqualTo(1);

        assertThat(g.checkTimeout()).isEqualTo(OptionalInt.of(4));
        assertThat(g.negotiateTimeout()).isEqualTo(OptionalInt.of(20));
        assertThat(g.checkInterval()).isEqualTo(3);
        assertThat(g.failureCount()).isEqualTo(2);
        assertThat(g.fallback()).contains("127.0.0.1:80 masq");
        assertThat(g.fallback6()).contains("[::1]:80");
        assertThat(g.fallbackCommand()).contains("\"/usr/local/bin/fb\""); // quotes kept on the global line
        assertThat(g.autoreload()).isTrue();
        assertThat(g.callback()).contains("/usr/local/bin/sync");
        assertThat(g.logfile()).isEqualTo("local0");
        assertThat(g.execute()).containsExactly("other.cf", "third.cf");
        assertThat(g.fork()).isTrue();
        assertThat(g.supervised()).isFalse();
        assertThat(g.quiescent()).isTrue();
        assertThat(g.readdQuiescent()).isTrue();
        assertThat(g.cleanstop()).isFalse();
        assertThat(g.emailAlert()).isEqualTo(new EmailAlert("ops@example.com", 0, Set.of(),
                Optional.of("\"LB\" <lb@example.com>"), Optional.of("relay.example.com")));
        assertThat(g.maintenanceDir()).contains(Path.of("/etc/ha.d/maint"));
    }

    @Test
    void aLogfilePathIsOpenedAsATestUnlessSupervised() throws Exception {
        env.parse("logfile=\"/var/log/ld.log\"\n");
        assertThat(env.appended).containsExactly("/var/log/ld.log");

        env.appended.clear();
        env.appendErrors.put("/nonexistent/ld.log", "No such file or directory");
        DirectorConfig c = env.parse("supervised=yes\nlogfile=\"/nonexistent/ld.log\"\n");
        assertThat(c.globals().logfile()).isEqualTo("/nonexistent/ld.log");
        assertThat(env.appended).isEmpty();

        DirectorConfig debug = env.parser().withDebug(true).read(TestEnv.FILE,
                "logfile=\"/nonexistent/ld.log\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(debug.globals().logfile()).isEqualTo("/nonexistent/ld.log");
        assertThat(env.appended).isEmpty();
    }

    @ParameterizedTest(name = "emailalertstatus={0}")
    @CsvSource(delimiter = '|', value = {
            "all|STARTING,RUNNING,STOPPING,RELOADING",
            "none|''",
            "none,none|''",
            "starting,all|STARTING,RUNNING,STOPPING,RELOADING",
            "stopping , reloading|STOPPING,RELOADING",
            "running,|RUNNING"})
    void emailAlertStatusIsACommaList(String value, String expected) throws Exception {
        Set<DaemonStatus> statuses = env.parse("emailalertstatus=" + value + "\n").globals().emailAlert().statuses();

        Set<DaemonStatus> want = EnumSet.noneOf(DaemonStatus.class);
        for (String s : expected.split(",")) {
            if (!s.isEmpty()) {
                want.add(DaemonStatus.valueOf(s));
            }
        }
        assertThat(statuses).isEqualTo(want);
    }

    @Test
    void emailAlertLosesEnclosingQuotesOnlyWhenTheWholeValueIsQuoted() throws Exception {
        assertThat(env.parse("emailalert=\"a@x\"\n").globals().emailAlert().recipients()).isEqualTo("a@x");
        assertThat(env.parse("emailalert=a@x, b@x\n").globals().emailAlert().recipients()).isEqualTo("a@x, b@x");
        assertThat(env.parse("emailalert=\"a@x\" # c\n").globals().emailAlert().recipients())
                .isEqualTo("\"a@x\" # c");
    }

    @Test
    void supervisedAloneMeansYes() throws Exception {
        assertThat(env.parse("supervised\n").globals().supervised()).isTrue();
        assertThat(env.parse("supervised   \n").globals().supervised()).isTrue();
        assertThat(env.parse("supervised=yes\n").globals().supervised()).isTrue();
    }

    @Test
    void checktypeTakesTheFirstNumberOrTheFirstWord() throws Exception {
        assertThat(virtual("\tchecktype=external2\n").check())
                .extracting(CheckSettings::type, CheckSettings::combinedConnects)
                .containsExactly(CheckType.COMBINED, 2);
        assertThat(virtual("\tchecktype=0\n").check())
                .extracting(CheckSettings::type, CheckSettings::combinedConnects)
                .containsExactly(CheckType.COMBINED, 0);
        assertThat(virtual("\tchecktype=negotiate foo\n").check().type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(virtual("\tchecktype=external-perl\n").check().type()).isEqualTo(CheckType.EXTERNAL_PERL);
        assertThat(virtual("\tchecktype=off\n").check().type()).isEqualTo(CheckType.OFF);
        assertThat(virtual("\tchecktype=on\n").check().type()).isEqualTo(CheckType.ON);
        assertThat(virtual("\tchecktype=ping\n").check().type()).isEqualTo(CheckType.PING);
    }

    @Test
    void quotedValuesAreGreedyAndUnquotedOnesKeepTheirQuotes() throws Exception {
        VirtualService v = virtual("\treceive=\"say \"hi\"\" trailing\n\tcheckcommand=/bin/check arg\n"
                + "\tvirtualhost=\"www.example.com\"\n\tservicename=\"Shop\"\n");

        assertThat(v.check().value("receive")).isEqualTo("say \"hi\"");
        assertThat(v.check().checkCommand()).isEqualTo("/bin/check arg");
        assertThat(v.check().value("virtualhost")).isEqualTo("www.example.com");
        assertThat(v.serviceName()).contains("\"Shop\"");
        assertThat(virtual("\tvirtualhost=www.example.com\n").check().value("virtualhost")).isEqualTo("www.example.com");
        assertThat(virtual("\trequest=\"/health\"\n").check().value("request")).isEqualTo("/health");
    }

    @Test
    void smtpTakesTheLeadingHostName() throws Exception {
        assertThat(env.parse("smtp=relay.example.com:587\n").globals().emailAlert().smtp())
                .contains("relay.example.com");
    }

    @Test
    void ftpAndSipFillInTheirLoginsWhenTheServiceLineIsRead() throws Exception {
        CheckSettings ftp = virtual("\tservice=ftp\n").check();
        assertThat(ftp.value("login")).isEqualTo("anonymous");
        assertThat(ftp.value("passwd")).isEqualTo("ldirectord@lb1.example.com");

        CheckSettings sip = virtual("\tservice=sip\n").check();
        assertThat(sip.value("login")).isEqualTo("ldirectord@lb1.example.com");
        assertThat(sip.value("passwd")).isEmpty();

        CheckSettings given = virtual("\tlogin=\"bob\"\n\tservice=ftp\n").check();
        assertThat(given.value("login")).isEqualTo("bob");
        assertThat(given.value("passwd")).isEqualTo("ldirectord@lb1.example.com");

        CheckSettings later = virtual("\tservice=ftp\n\tlogin=\"bob\"\n\tpasswd=\"pw\"\n").check();
        assertThat(later.value("login")).isEqualTo("bob");
        assertThat(later.value("passwd")).isEqualTo("pw");

        // The default service of port 21 is ftp, but no service= line: no default login.
        assertThat(env.parse("virtual=192.0.2.1:21\n").virtuals().get(0).check().value("login")).isEmpty();
    }

    @Test
    void perVirtualValuesOverrideTheGlobalsWhereverTheGlobalLineIs() throws Exception {
        DirectorConfig c = env.parse("""
                virtual=192.0.2.1:80
                \tquiescent=no
                \tcleanstop=yes
                \tfallbackcommand=/bin/v
                \temailalert=v@x
                \temailalertfreq=5
                \temailalertstatus=stopping
                \tsmtp=vrelay
                \tfailurecount=4
                \tcheckcount=3
                virtual=192.0.2.2:80

                quiescent=yes
                cleanstop=no
                fallbackcommand=/bin/g
                emailalert=g@x
                emailalertfreq=9
                emailalertstatus=running
                emailalertfrom=lb@x
                smtp=grelay
                failurecount=2
                """);
        VirtualService own = c.virtuals().get(0);
        VirtualService inherits = c.virtuals().get(1);

        assertThat(own.quiescent()).isFalse();
        assertThat(own.cleanstop()).isTrue();
        assertThat(own.fallbackCommand()).contains("/bin/v");
        assertThat(own.emailAlert()).isEqualTo(new EmailAlert("v@x", 5, Set.of(DaemonStatus.STOPPING),
                Optional.of("lb@x"), Optional.of("vrelay")));
        assertThat(own.check().failureCount()).isEqualTo(4);
        assertThat(own.check().checkCount()).isEqualTo(3);
        assertThat(inherits.quiescent()).isTrue();
        assertThat(inherits.cleanstop()).isFalse();
        assertThat(inherits.fallbackCommand()).contains("/bin/g");
        assertThat(inherits.emailAlert()).isEqualTo(new EmailAlert("g@x", 9, Set.of(DaemonStatus.RUNNING),
                Optional.of("lb@x"), Optional.of("grelay")));
        assertThat(inherits.check().failureCount()).isEqualTo(2);
        assertThat(inherits.check().checkCount()).isEqualTo(1);
    }

    /** ldirectord's ld_setup: checktimeout = v.ct, v.nt, g.ct, g.nt, 5; negotiatetimeout = v.nt, v.ct, g.nt, g.ct, 30. */
    @ParameterizedTest(name = "global ct={0} nt={1}, virtual ct={2} nt={3} -> ct={4} nt={5}")
    @CsvSource(nullValues = "-", value = {
            "-, -, -, -, 5, 30",
            "-, -, 7, -, 7, 7",
            "-, -, -, 8, 8, 8",
            "-, -, 7, 8, 7, 8",
            "3, -, -, -, 3, 3",
            "-, 9, -, -, 9, 9",
            "3, 9, -, -, 3, 9",
            "3, 9, 7, -, 7, 7",
            "3, 9, -, 8, 8, 8",
            "3, -, -, 8, 8, 8",
            "-, 9, 7, -, 7, 7",
            "3, 9, 7, 8, 7, 8"})
    void timeoutsResolveAsInLdSetup(Integer gct, Integer gnt, Integer vct, Integer vnt, int ct, int nt)
            throws Exception {
        StringBuilder cfg = new StringBuilder();
        if (gct != null) {
            cfg.append("checktimeout=").append(gct).append('\n');
        }
        if (gnt != null) {
            cfg.append("negotiatetimeout=").append(gnt).append('\n');
        }
        cfg.append("virtual=192.0.2.1:80\n");
        if (vct != null) {
            cfg.append("\tchecktimeout=").append(vct).append('\n');
        }
        if (vnt != null) {
            cfg.append("\tnegotiatetimeout=").append(vnt).append('\n');
        }

        CheckSettings c = env.parse(cfg.toString()).virtuals().get(0).check();

        assertThat(List.of(c.checkTimeout(), c.negotiateTimeout()))
                .containsExactly(Duration.ofSeconds(ct), Duration.ofSeconds(nt));
    }
}
