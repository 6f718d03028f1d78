package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.Service;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.HeartbeatFiles;

/** Debian's keepalived samples (see the README beside them), imported and read back by our parsers. */
class KeepalivedImportTest {

    @TempDir
    Path dir;

    static Stream<String> samples() throws Exception {
        try (Stream<Path> files = Files.list(Imports.resource("keepalived"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("keepalived.conf.")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleImportsIntoAConfigurationOurParserAccepts(String sample) throws Exception {
        Path source = Imports.resource("keepalived/" + sample);
        Imports.Run r = Imports.imported(source, dir);
        long virtualServers = Files.readAllLines(source).stream()
                .filter(l -> l.matches("^virtual_server\\s+\\S+.*\\{\\s*$")).count();
        assertThat(r.config().virtuals()).as("%s", r.out()).hasSizeGreaterThanOrEqualTo((int) virtualServers);
        boolean vrrp = Files.readString(source).contains("virtual_ipaddress");
        assertThat(dir.resolve("ha.cf").toFile().exists()).isEqualTo(vrrp);
        if (vrrp) {
            HeartbeatFiles.read(dir.resolve("ha.cf"));
        }
        // Every report line names the source file and a line.
        r.out().lines().filter(l -> l.startsWith("  ") && !l.startsWith("  /"))
                .forEach(l -> assertThat(l).matches("  keepalived\\.conf\\.\\S+:\\d+: .*"));
    }

    @Test
    void aFirewallMarkSampleIsCarriedOverCompletely() throws Exception {
        Imports.Run r = Imports.imported(Imports.resource("keepalived/keepalived.conf.fwmark"), dir);
        assertThat(r.exit()).as(r.out()).isZero();
        VirtualService v = r.config().virtuals().get(0);
        assertThat(v.key().toString()).isEqualTo("fwm:1");
        assertThat(v.ipvs().scheduler()).isEqualTo("rr");
        assertThat(v.ipvs().persistence()).hasValue(900);
        assertThat(v.check().type()).isEqualTo(CheckType.CONNECT);
        assertThat(v.check().checkPort()).hasValue(80);
        assertThat(v.check().negotiateTimeout()).hasSeconds(3);
        assertThat(v.check().failureCount()).isEqualTo(2);
        assertThat(v.reals()).extracting(RealServer::forwarding).containsOnly(Forwarding.MASQ);
    }

    @Test
    void aVirtualServerGroupBecomesOneVirtualPerMember() throws Exception {
        DirectorConfig c = Imports.imported(Imports.resource("keepalived/keepalived.conf.virtual_server_group"), dir)
                .config();
        assertThat(c.virtuals()).extracting(v -> v.key().toString()).containsExactlyInAnyOrder(
                "tcp:10.0.0.1:8080", "tcp:10.0.0.2:80", "tcp:192.168.200.1:1358", "tcp:192.168.200.3:80",
                "tcp:192.168.200.4:80", "tcp:192.168.200.5:80", "tcp:192.168.200.6:80", "tcp:192.168.200.7:80",
                "tcp:192.168.200.8:80", "tcp:192.168.200.9:80", "tcp:192.168.200.10:80", "fwm:1", "fwm:2");
        assertThat(c.virtuals()).allSatisfy(v -> {
            assertThat(v.reals()).hasSize(2);
            assertThat(v.check().service()).isEqualTo(Service.HTTP);
            assertThat(v.check().value("request")).isEqualTo("/testurl3/test.jsp");
        });
    }

    @Test
    void vrrpInstancesBecomeOnePreferredNodeWithEveryVipAndTheSyncDaemon() throws Exception {
        Path source = Imports.resource("keepalived/keepalived.conf.vrrp.lvs_syncd");
        Imports.Run r = Imports.imported(source, dir, "--node-names", "lb1,lb2");
        FailoverConfig hb = HeartbeatFiles.read(dir.resolve("ha.cf"));
        assertThat(hb.haCf().nodes()).containsExactly("lb1", "lb2");
        assertThat(hb.haResources().preferredNode()).isEqualTo("lb1");
        assertThat(Files.readString(dir.resolve("haresources"))).startsWith("# ").contains(
                "lb1 LVSSyncDaemonSwap::master::eth1 IPaddr2::192.168.200.16/32/eth0",
                "IPaddr2::192.168.201.21/32/eth1 ldirectord::ldirectord.cf");
        assertThat(r.out()).contains(source + ":8: vrrp_instance VI_1: approximated: the instances have different states");
        assertThat(Files.readString(dir.resolve("ldirectord.cf"))).contains("failover=" + dir.toAbsolutePath() + "/ha.cf");
    }

    @Test
    void aGlobalSyncDaemonNamingAnInstanceTakesItsRouterIdAsSyncid() throws Exception {
        Path source = dir.resolve("keepalived.conf");
        Files.writeString(source, """
                global_defs {
                  lvs_sync_daemon eth1 VI_7
                }
                vrrp_instance VI_7 {
                  state MASTER
                  interface eth0
                  virtual_router_id 77
                  unicast_src_ip 10.0.0.1
                  unicast_peer {
                    10.0.0.2
                  }
                  virtual_ipaddress {
                    10.0.0.100/24
                  }
                }
                """);
        Imports.Run r = Imports.imported(source, dir.resolve("out"), "--node-names", "a,b");
        assertThat(Files.readString(dir.resolve("out/haresources")))
                .contains("a LVSSyncDaemonSwap::master::eth1::77 IPaddr2::10.0.0.100/24/eth0 ldirectord::ldirectord.cf");
        assertThat(Files.readString(dir.resolve("out/ha.cf"))).contains("ucast eth0 10.0.0.1\nucast eth0 10.0.0.2\n");
        FailoverConfig hb = HeartbeatFiles.read(dir.resolve("out/ha.cf"));
        assertThat(hb.haCf().media()).hasSize(2);
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void anIpv6VrrpAddressBecomesAnIpv6addrResourceTheFailoverReaderAccepts() throws Exception {
        Path source = dir.resolve("keepalived.conf");
        Files.writeString(source, "vrrp_instance V6 {\n  interface eth0\n  unicast_src_ip 2001:db8::1\n"
                + "  unicast_peer {\n    2001:db8::2\n  }\n  virtual_ipaddress {\n    2001:db8::10/64 dev eth1\n  }\n}\n");
        Imports.imported(source, dir.resolve("out"), "--node-names", "a,b");
        assertThat(Files.readString(dir.resolve("out/haresources"))).contains("IPv6addr::2001:db8::10/64/eth1");
        assertThat(HeartbeatFiles.read(dir.resolve("out/ha.cf")).haResources().resources()).hasSize(2);
    }

    @Test
    void withoutAStateAPriorityAboveTheDefaultMakesThisDirectorThePreferredNode() throws Exception {
        Path source = dir.resolve("keepalived.conf");
        Files.writeString(source, "vrrp_instance A {\n  interface eth0\n  priority 150\n"
                + "  virtual_ipaddress {\n    10.0.0.100/24\n  }\n}\n");
        Imports.Run r = Imports.imported(source, dir.resolve("out"), "--node-names", "me,peer");
        assertThat(HeartbeatFiles.read(dir.resolve("out/ha.cf")).haResources().preferredNode()).isEqualTo("me");
        assertThat(r.out()).contains(source + ":1: vrrp_instance A: approximated: no state: this director is taken as"
                + " the preferred node (priority 150");
    }

    @Test
    void miscPathWithArgumentsRunsThroughAWrapperThatTheExternalCheckCanExec() throws Exception {
        VirtualService v = Imports.imported(Imports.resource("keepalived/keepalived.conf.misc_check_arg"), dir)
                .config().virtuals().get(0);
        assertThat(v.check().type()).isEqualTo(CheckType.EXTERNAL);
        Path wrapper = Path.of(v.check().checkCommand());
        assertThat(wrapper).isExecutable();
        assertThat(Files.readString(wrapper)).contains("exec /usr/local/bin/script.sh arg1 arg2");
        assertThat(v.check().failureCount()).isEqualTo(1);
    }

    @Test
    void digestsStatusListsAndSecondUrlsAreReportedWithTheirLines() throws Exception {
        Path source = Imports.resource("keepalived/keepalived.conf.status_code");
        Imports.Run r = Imports.imported(source, dir);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains(source + ":26: status_code 200-299 400-499 503 505: left out",
                source + ":28: url: left out: ldirectord checks one URL per virtual");
    }

    @Test
    void includeReadsTheGlobRelativeToTheIncludingFileInSortedOrder() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("conf.d"));
        Files.writeString(src.resolve("keepalived.conf"), "global_defs {\n  router_id lb\n}\ninclude conf.d/*.conf\n");
        Files.writeString(src.resolve("conf.d/b.conf"), virtualServer("10.1.1.2"));
        Files.writeString(src.resolve("conf.d/a.conf"), virtualServer("10.1.1.1"));
        Files.writeString(src.resolve("conf.d/ignored.txt"), virtualServer("10.1.1.3"));
        Imports.Run r = Imports.imported(src.resolve("keepalived.conf"), dir.resolve("out"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.config().virtuals()).extracting(v -> v.key().toString())
                .containsExactly("tcp:10.1.1.1:80", "tcp:10.1.1.2:80");
    }

    @Test
    void aSyntaxErrorInAnIncludedFileNamesThatFileAndLine() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("keepalived.conf"), "include extra.conf\n");
        Files.writeString(src.resolve("extra.conf"), "virtual_server 10.1.1.1 80 {\n  lb_algo rr\n");
        Imports.Run r = Imports.run(dir, src.resolve("keepalived.conf").toString(), "--to", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(src.resolve("extra.conf") + ":1: block 'virtual_server 10.1.1.1 80' is never closed");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnreadableOrUnrecognisedSourceExitsTwo() throws Exception {
        Imports.Run missing = Imports.run(dir, dir.resolve("nope.conf").toString(), "--to", dir.resolve("o").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(dir.resolve("nope.conf") + ":0: cannot read");
        Files.writeString(dir.resolve("other.conf"), "listen 80;\n");
        Imports.Run other = Imports.run(dir, dir.resolve("other.conf").toString(), "--to", dir.resolve("o").toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("neither a Piranha lvs.cf nor a keepalived.conf");
    }

    @Test
    void existingFilesAreNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("ldirectord.cf"), "# mine\n");
        Imports.Run r = Imports.run(dir, Imports.resource("keepalived/keepalived.conf.fwmark").toString(), "--to",
                dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("ldirectord.cf exists: not overwritten");
        assertThat(Files.readString(dir.resolve("ldirectord.cf"))).isEqualTo("# mine\n");
    }

    private static String virtualServer(String ip) {
        return String.join("\n", List.of("virtual_server " + ip + " 80 {", "  delay_loop 5", "  lb_algo wrr",
                "  lb_kind DR", "  protocol TCP", "  real_server 10.2.2.2 80 {", "    weight 2",
                "    TCP_CHECK {", "      connect_timeout 2", "      retry 2", "    }", "  }", "}", ""));
    }
}
