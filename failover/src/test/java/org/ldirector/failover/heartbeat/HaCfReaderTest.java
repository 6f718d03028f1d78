package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaCfReaderTest {

    @TempDir
    Path dir;

    private HaCf read(String text) throws Exception {
        Path f = dir.resolve("ha.cf");
        Files.writeString(f, text);
        return HaCfReader.read(f);
    }

    private void fails(String text, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(HeartbeatFileException.class).hasMessage(message);
    }

    private String f() {
        return dir.resolve("ha.cf").toString();
    }

    private static final String MIN = "node a b\nucast eth0 10.0.0.2\n";

    @Test
    void readsTheDebianSampleDirectives() throws Exception {
        HaCf cf = read("""
                # ha.cf for the director pair
                keepalive 500ms   # a comment after a value
                deadtime 5
                warntime 2
                initdead 20
                udpport 694
                ucast eth1 10.0.0.1
                ucast eth1 10.0.0.2
                auto_failback off
                node Director1 director2
                ping 10.0.0.254
                ping_group gw 10.0.0.253 10.0.0.252
                deadping 8
                """);
        assertThat(cf.nodes()).containsExactly("director1", "director2");
        assertThat(cf.media()).containsExactly(new Medium.Ucast("eth1", "10.0.0.1", 7),
                new Medium.Ucast("eth1", "10.0.0.2", 8));
        assertThat(cf.udpPort()).isEqualTo(694);
        assertThat(cf.timings()).isEqualTo(new Timings(Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(8)));
        assertThat(cf.autoFailback()).isFalse();
        assertThat(cf.pingNodes()).containsExactly("10.0.0.254", "10.0.0.253", "10.0.0.252");
        assertThat(cf.warnings()).isEmpty();
    }

    @Test
    void appliesHeartbeatsDefaults() throws Exception {
        HaCf cf = read(MIN);
        assertThat(cf.udpPort()).isEqualTo(694);
        assertThat(cf.autoFailback()).isTrue();
        assertThat(cf.timings()).isEqualTo(new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @CsvSource({"4, 8000", "8, 16000", "12, 12000"})
    void initdeadDefaultsFollowDeadtimeAsHeartbeatDoes(int deadtime, long initdeadMs) throws Exception {
        HaCf cf = read(MIN + "deadtime " + deadtime + "\n");
        assertThat(cf.timings().initdead()).isEqualTo(Duration.ofMillis(deadtime < 6 ? 12000 : initdeadMs));
    }

    @Test
    void readsMcastAndBcastMedia() throws Exception {
        HaCf cf = read("node a\nmcast eth0 225.0.0.1 694 1 0\nbcast eth1 eth2\n");
        assertThat(cf.media()).containsExactly(new Medium.Mcast("eth0", "225.0.0.1", 694, 1, false, 2),
                new Medium.Bcast(java.util.List.of("eth1", "eth2"), 3));
    }

    @Test
    void warnsAboutEveryIgnoredDirectiveWithItsLine() throws Exception {
        HaCf cf = read(MIN + "logfacility local0\nrespawn hacluster /usr/lib/heartbeat/ipfail\nfrobnicate yes\n"
                + "auto_failback legacy\nnode a\n");
        assertThat(cf.autoFailback()).isTrue();
        assertThat(cf.warnings()).containsExactly(
                f() + ":3: logfacility is not used by ldirector: logging follows ldirectord.cf (logfile=); ignored",
                f() + ":4: respawn is not used by ldirector: ldirector runs no Heartbeat client processes"
                        + " (ipfail's job is done by ping); ignored",
                f() + ":5: unknown directive 'frobnicate'; ignored",
                f() + ":6: auto_failback legacy is treated as on (every ldirector node supports auto_failback)",
                f() + ":7: node a is listed twice");
    }

    @Test
    void warnsAboutUdpportAfterAMediumAndDoubtfulTimes() throws Exception {
        HaCf cf = read("node a\nucast eth0 10.0.0.2\nudpport 7000\nkeepalive 100ms\ndeadtime 1\nwarntime 1\n"
                + "initdead 3\n");
        assertThat(cf.udpPort()).isEqualTo(7000);
        assertThat(cf.warnings()).containsExactly(
                f() + ":3: udpport comes after a ucast/bcast line: Heartbeat would have used the earlier port for"
                        + " those lines; ldirector uses 7000 for all of them",
                f() + ": warntime (1) is not below deadtime (1): no late heartbeat will be reported before a node is"
                        + " dead",
                f() + ": initdead (3) is below 10 s: a peer that boots slowly may find this node already active");
    }

    @Test
    void rejectsMissingNodesAndMedia() {
        fails("ucast eth0 10.0.0.2\n", f() + ": no node directive: name every director (uname -n) with node");
        fails("node a\n", f() + ": no heartbeat medium: add ucast lines (one per peer), mcast or bcast");
    }

    @Test
    void rejectsBadValuesWithTheirLine() {
        fails(MIN + "keepalive 2s\n", f() + ":3: keepalive: '2s' is not a time: write seconds (2, 0.5) or"
                + " milliseconds (500ms)");
        fails(MIN + "deadtime\n", f() + ":3: deadtime needs one time value (seconds, or e.g. 500ms)");
        fails(MIN + "initdead 0\n", f() + ":3: initdead must be more than 0");
        fails(MIN + "udpport 70000\n", f() + ":3: udpport must be a number from 1 to 65535, not '70000'");
        fails(MIN + "auto_failback maybe\n", f() + ":3: auto_failback must be on, off or legacy, not 'maybe'");
        fails("node a\nucast eth0\n", f() + ":2: ucast needs an interface and a peer address: ucast eth0 10.0.0.2");
        fails("node a\nmcast eth0 10.0.0.1 694 1 0\n", f() + ":2: mcast group '10.0.0.1' is not an IPv4 multicast"
                + " address (224.0.0.0/4)");
        fails("node a\nmcast eth0 225.0.0.1 694 1\n", f() + ":2: mcast needs: mcast <dev> <group> <port> <ttl> <loop>");
        fails("node a\nmcast eth0 225.0.0.1 694 300 0\n", f() + ":2: mcast ttl must be a number from 0 to 255,"
                + " not '300'");
        fails(MIN + "ping\n", f() + ":3: ping needs at least one host");
        fails(MIN + "ping_group gw\n", f() + ":3: ping_group needs a group name and at least one host");
        fails(MIN + "ping 10.0.0.1;rm\n", f() + ":3: '10.0.0.1;rm' is not a host name or address");
        fails(MIN + "node\n", f() + ":3: node needs at least one node name");
        fails(MIN + "bcast\n", f() + ":3: bcast needs at least one interface");
        fails(MIN + "keepalive 2\ndeadtime 4\n", f() + ": deadtime (4) must be more than twice keepalive (2)");
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> HaCfReader.read(dir.resolve("nope.cf"))).hasMessage(
                dir.resolve("nope.cf") + ": cannot read the Heartbeat configuration file");
    }

    @ParameterizedTest
    @CsvSource({"2, 2000", "0.5, 500", "500ms, 500", "1500 ms, 1500", "250msec, 250", "1500us, 2", "499us, 0",
            "0.001, 1", "'  3 ', 3000", "10MS, 10"})
    void parsesHeartbeatTimes(String text, long millis) {
        assertThat(HeartbeatTime.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"2s", "-1", "ms", "1m", "abc", "''"})
    void rejectsOtherTimes(String text) {
        assertThat(HeartbeatTime.parse(text)).isEmpty();
    }
}
