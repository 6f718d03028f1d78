package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.Service;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.HeartbeatFiles;

/** Piranha lvs.cf files as the Red Hat tutorials show them, imported and read back by our parsers. */
class LvsCfImportTest {

    @TempDir
    Path dir;

    private static Map<String, VirtualService> byKey(DirectorConfig c) {
        return c.virtuals().stream().collect(Collectors.toMap(v -> v.key().toString(), Function.identity()));
    }

    @Test
    void aDirectRoutingWebPairBecomesAnHttpVirtualAndHeartbeatFiles() throws Exception {
        Path source = Imports.resource("lvs/direct-web-pair.cf");
        Imports.Run r = Imports.imported(source, dir);
        assertThat(r.exit()).isEqualTo(3);
        DirectorConfig c = r.config();
        assertThat(c.virtuals()).hasSize(1);
        VirtualService v = c.virtuals().get(0);
        assertThat(v.ipvs().scheduler()).isEqualTo("wlc");
        assertThat(v.check().type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(v.check().service()).isEqualTo(Service.HTTP);
        assertThat(v.quiescent()).isFalse();
        assertThat(v.reals()).extracting(rs -> rs.endpoint().toString(), RealServer::forwarding, RealServer::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.168.26.20:80", Forwarding.GATE, 1),
                        org.assertj.core.groups.Tuple.tuple("192.168.26.21:80", Forwarding.GATE, 2));
        assertThat(r.out()).contains(source + ":38: server web3: left out: active = 0")
                .contains(source + ":26: reentry 15: approximated");

        FailoverConfig hb = HeartbeatFiles.read(dir.resolve("ha.cf"));
        assertThat(hb.haCf().nodes()).containsExactly("director1", "director2");
        assertThat(hb.haCf().udpPort()).isEqualTo(539);
        assertThat(hb.haResources().preferredNode()).isEqualTo("director1");
        assertThat(Files.readString(dir.resolve("haresources")))
                .contains("director1 IPaddr2::192.168.26.10/24/eth0 ldirectord::ldirectord.cf");
        assertThat(Files.getPosixFilePermissions(dir.resolve("authkeys")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(r.out()).doesNotContain(Files.readString(dir.resolve("authkeys")).lines().toList().get(2).split(" ")[2]);
    }

    @Test
    void aDeadtimeHeartbeatWouldRefuseIsRaisedAboveTwiceKeepaliveAndReported() throws Exception {
        Path source = dir.resolve("lvs.cf");
        Files.writeString(source, "primary = 10.0.0.1\nbackup = 10.0.0.2\nbackup_active = 1\nkeepalive = 6\n"
                + "deadtime = 10\nvirtual v {\n  address = 10.0.0.100 eth0:1\n  server s {\n    address = 10.0.0.5\n"
                + "  }\n}\n");
        Imports.Run r = Imports.imported(source, dir.resolve("out"), "--node-names", "a,b");
        assertThat(r.out()).contains(source + ":5: deadtime 10: approximated: Heartbeat wants deadtime above twice"
                + " keepalive: 13 is written");
        FailoverConfig hb = HeartbeatFiles.read(dir.resolve("out/ha.cf"));
        assertThat(hb.haCf().timings().deadtime()).hasSeconds(13);
    }

    @Test
    void nodeNamesGivenOnTheCommandLineReplaceThePlaceholders() throws Exception {
        Imports.Run r = Imports.imported(Imports.resource("lvs/direct-web-pair.cf"), dir, "--node-names", "lb-a,lb-b");
        assertThat(r.out()).doesNotContain("placeholder");
        FailoverConfig hb = HeartbeatFiles.read(dir.resolve("ha.cf"));
        assertThat(hb.haCf().nodes()).containsExactly("lb-a", "lb-b");
        assertThat(hb.haResources().preferredNode()).isEqualTo("lb-a");
    }

    @Test
    void aNatSetupMasqueradesAndMovesTheNatRouterAddressWithTheVips() throws Exception {
        Path source = Imports.resource("lvs/nat-router.cf");
        Imports.Run r = Imports.imported(source, dir);
        Map<String, VirtualService> v = byKey(r.config());
        assertThat(v).containsOnlyKeys("tcp:192.168.1.100:21", "tcp:192.168.1.100:25");
        VirtualService ftp = v.get("tcp:192.168.1.100:21");
        assertThat(ftp.reals()).allMatch(rs -> rs.forwarding() == Forwarding.MASQ);
        assertThat(ftp.ipvs().scheduler()).isEqualTo("rr");
        assertThat(ftp.ipvs().persistence()).hasValue(300);
        assertThat(ftp.quiescent()).isTrue();
        assertThat(ftp.check().service()).isEqualTo(Service.SIMPLETCP);
        assertThat(ftp.check().value("receive")).isEqualTo("^220");
        assertThat(v.get("tcp:192.168.1.100:25").reals()).singleElement().extracting(RealServer::weight).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("haresources")))
                .contains("IPaddr2::192.168.1.100/24/eth0 IPaddr2::10.0.0.254/24/eth1 ldirectord::ldirectord.cf");
        assertThat(r.out()).contains(source + ":45: load_monitor uptime: left out")
                .contains(source + ":57: virtual https: left out: active = 0");
        assertThat(Files.readString(dir.resolve("ldirectord.cf"))).contains("#virtual=192.168.1.101:443");
    }

    @Test
    void aFirewallMarkVirtualWithASendProgramBecomesANannyStyleExternalCheck() throws Exception {
        Imports.Run r = Imports.imported(Imports.resource("lvs/fwmark.cf"), dir);
        VirtualService v = r.config().virtuals().get(0);
        assertThat(v.key().toString()).isEqualTo("fwm:80");
        assertThat(v.check().type()).isEqualTo(CheckType.EXTERNAL);
        assertThat(v.check().checkCommand()).isEqualTo("/usr/local/sbin/check-web %h");
        assertThat(v.check().value("receive")).isEqualTo("^OK$");
        assertThat(v.check().checkPort()).hasValue(80);
        assertThat(v.ipvs().netmask()).hasValue("255.255.255.0");
        assertThat(Files.readString(dir.resolve("haresources"))).contains("LVSSyncDaemonSwap::master::eth0");
    }
}
