package org.ldirector.director.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.cluster.DirectorNode.HaSetup;
import org.ldirector.failover.Sh;
import org.ldirector.failover.conn.ConnectionListing;
import org.ldirector.failover.conn.ConnectionTableReader;

/**
 * Cluster mode end to end: our daemon as real processes in network namespaces on one bridge (see
 * {@link ClusterTopology}), Heartbeat files with short timings (keepalive 200ms, deadtime 1, warntime 500ms,
 * initdead 2), {@code --dry-run} (in-memory IPVS, logged sync daemon) but real VIPs and real gratuitous ARP. Every
 * test asserts with {@code ip addr} in the namespaces who holds the VIP and with the client's neighbour table that the
 * gratuitous ARP moved the VIP to the new active's MAC. Needs root and {@code ip netns}, {@code arping}, {@code ping}.
 */
class FailoverProcessTest {

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    private static final String VIP = ClusterTopology.VIP;
    private static final List<String> TWO = List.of("node1", "node2");

    private static HaSetup setup(boolean autoFailback, boolean pingNode) {
        return new HaSetup(TWO, 2, autoFailback, pingNode, "s3cret");
    }

    private ClusterTopology net() {
        return CLUSTER.topology();
    }

    private DirectorNode[] startPair(HaSetup setup) throws IOException {
        DirectorNode n1 = CLUSTER.node(1, setup);
        DirectorNode n2 = CLUSTER.node(2, setup);
        n1.start();
        n2.start();
        return new DirectorNode[] {n1, n2};
    }

    /** Waits until only director {@code active} holds the VIP and the others see it active and stand by, confirmed. */
    private void awaitActive(int active, DirectorNode... nodes) {
        await("node" + active + " active, the others standing by").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    if (!net().vipHolders().equals(List.of(active))) {
                        return false;
                    }
                    for (DirectorNode n : nodes) {
                        String status = n.ask("ha-status");
                        if (!status.contains("active director: node" + active + "\n")
                                || (n.index != active && !n.logged("Cluster view confirmed"))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Director {@code active} is the only one with the VIP; the client reaches it there and has its MAC. */
    private void clientReaches(int active) throws IOException {
        await("client reaches the VIP").atMost(Duration.ofSeconds(5)).until(() -> net().clientPings(VIP));
        assertThat(net().clientNeighbour()).as("client's neighbour entry for the VIP").isEqualTo(net().mac(active));
    }

    /** The gratuitous ARP moved the client's neighbour entry for the VIP to director {@code node}'s MAC. */
    private void awaitClientMovedTo(int node, Duration within) throws IOException {
        String mac = net().mac(node);
        await("client's neighbour entry for " + VIP + " = node" + node + "'s " + mac).atMost(within)
                .pollInterval(Duration.ofMillis(50)).until(() -> net().clientNeighbour().equals(mac));
    }

    private void awaitHolders(Duration within, Integer... holders) {
        await("VIP held by " + Arrays.toString(holders)).atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> net().vipHolders().equals(List.of(holders)));
    }

    // ---- crash, freeze, partition ----

    @Test
    void killNineOfTheActiveMovesTheVipAndTheClientAndTheRestartedPreferredNodeTakesItBack() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        clientReaches(1);

        Instant killed = Instant.now();
        n[0].kill9();
        await("node2 holds the VIP").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> net().holdsVip(2));
        awaitClientMovedTo(2, Duration.ofSeconds(3));
        assertThat(CLUSTER.monitor().added(2, killed)).as("node2 added the VIP").isPresent();
        assertThat(n[1].logText()).contains("Node node1 is dead").contains("Taking over the resources")
                .contains("Sent gratuitous ARP for " + VIP + "/24 on eth0");
        // A known limit (docs/failover.md): the kernel keeps the dead daemon's address; the restart removes it.
        assertThat(net().holdsVip(1)).as("the killed director's interface still has the VIP").isTrue();

        // auto_failback on: the preferred node takes the VIP back once it has rejoined.
        n[0].start();
        awaitActive(1, n);
        awaitClientMovedTo(1, Duration.ofSeconds(3));
        assertThat(CLUSTER.monitor().doubleHolds(CLUSTER.monitor().removed(1, killed).orElseThrow()))
                .as("no double hold once the restarted node removed its left-over VIP").isEmpty();
    }

    @Test
    void overMulticastAKillNineIsSeenByTheClosedConnectionLongBeforeDeadtime() throws Exception {
        // mcast medium (JGroups over UDP) and deadtime 10 s: only the crash detector can take over within 3 s.
        DirectorNode[] n = startPair(setup(true, false).withMulticast().withDeadtime(10));
        awaitActive(1, n);
        assertThat(n[0].logText()).contains("over UDP multicast 239.0.0.94:7694");
        Thread.sleep(1000); // the detectors' ring connects after the view

        n[0].kill9();
        await("node2 holds the VIP").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> net().holdsVip(2));
        assertThat(n[1].logText()).contains("its failure-detection connection closed and its port refuses"
                + " connections: the process is gone").contains("Taking over the resources");
    }

    @Test
    void sigstopOfTheActiveLetsTheStandbyTakeOverAndOnSigcontExactlyOneHoldsTheVip() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        clientReaches(1);

        n[0].signal("STOP");
        await("node2 holds the VIP").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> net().holdsVip(2));
        awaitClientMovedTo(2, Duration.ofSeconds(3));
        assertThat(net().holdsVip(1)).as("the frozen director's kernel still has the address").isTrue();

        Instant resumed = Instant.now();
        n[0].signal("CONT");
        // The frozen node drops the VIP at once on resume (pause detector), before the partitions merge ...
        await("node1 released on resume").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !net().holdsVip(1));
        assertThat(CLUSTER.monitor().removed(1, resumed)).isPresent();
        assertThat(n[0].logText()).contains("This director was frozen for");
        // ... then, merged and confirmed again, takes it back (auto_failback on) after node2 let go.
        awaitActive(1, n);
        awaitClientMovedTo(1, Duration.ofSeconds(3));
        Instant released = CLUSTER.monitor().removed(1, resumed).orElseThrow();
        assertThat(Duration.between(resumed, released)).as("from SIGCONT to the release")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(CLUSTER.monitor().doubleHolds(released.plusMillis(1))).as("double holds after the release")
                .isEmpty();
    }

    @Test
    void partitionWithoutPingNodesGivesTwoActivesAndTheHealLeavesOneThatTheClientReaches() throws Exception {
        DirectorNode[] n = startPair(setup(true, false));
        awaitActive(1, n);
        clientReaches(1);

        net().cut(1);
        // Each side sees the other die: the classic split brain, as with Heartbeat without ipfail.
        awaitHolders(Duration.ofSeconds(5), 1, 2);
        awaitClientMovedTo(2, Duration.ofSeconds(3));

        Instant healed = Instant.now();
        net().heal(1);
        awaitHolders(Duration.ofSeconds(6), 1);
        assertThat(n[1].logText()).contains("Cluster partitions merged").contains("Node node1 should be active");
        // The survivor held the VIP all along, but the client was sent to node2 meanwhile: it must announce again.
        awaitClientMovedTo(1, Duration.ofSeconds(3));
        assertThat(CLUSTER.monitor().doubleHolds(CLUSTER.monitor().removed(2, healed).orElseThrow().plusMillis(1)))
                .isEmpty();
        awaitActive(1, n);
    }

    @Test
    void partitionWithAPingNodeTheCutOffActiveGivesUpAndAfterTheHealNeverTwoHoldTheVip() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        clientReaches(1);

        net().cut(1);
        // ipfail: node1 reaches neither its peer nor the ping node and gives up; node2 still reaches the client.
        awaitHolders(Duration.ofSeconds(6), 2);
        awaitClientMovedTo(2, Duration.ofSeconds(3));
        assertThat(n[0].logText()).contains("No ping node (" + ClusterTopology.CLIENT + ") answered");

        Instant healed = Instant.now();
        net().heal(1);
        awaitActive(1, n); // auto_failback on: back to the preferred node once merged
        awaitClientMovedTo(1, Duration.ofSeconds(3));
        assertThat(CLUSTER.monitor().doubleHolds(healed)).as("double holds after the heal").isEmpty();
    }

    // ---- operator actions ----

    @Test
    void gracefulStopMovesTheVipAtOnce() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        clientReaches(1);

        Sh.Result stop = n[0].cli("stop");
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(n[0].alive()).isFalse();
        awaitHolders(Duration.ofSeconds(2), 2);
        awaitClientMovedTo(2, Duration.ofSeconds(3));
        assertThat(n[0].logText()).contains("Shutting down: releasing the resources for another director")
                .contains("Linux Director Daemon terminated on signal: TERM");
        assertThat(n[1].logText()).contains("Node node1 left the cluster");
        assertThat(CLUSTER.monitor().doubleHolds(Instant.EPOCH)).isEmpty();
    }

    @Test
    void standbyAndTakeoverCommandsMoveTheVipAndHaStatusShowsMembersAndRoles() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        clientReaches(1);

        Sh.Result status2 = n[1].cli("ha-status");
        assertThat(status2.exit()).as(status2.output()).isZero();
        assertThat(status2.output()).contains("node node2: STANDBY\n").contains("active director: node1\n")
                .containsPattern("member node1 +ACTIVE +in cluster +heartbeat \\d+ms +ping ok")
                .containsPattern("member node2 +STANDBY +in cluster +heartbeat local +ping ok")
                .contains("virtual IPs held: none\n").contains("sync daemon: BACKUP");
        String status1 = n[0].cli("ha-status").output();
        assertThat(status1).contains("node node1: ACTIVE\n")
                .containsPattern("member node2 +STANDBY +in cluster +heartbeat \\d+ms +ping ok")
                .contains("virtual IPs held: " + VIP + "/24 on eth0\n").contains("sync daemon: MASTER");

        Sh.Result standby = n[0].cli("standby");
        assertThat(standby.exit()).as(standby.output()).isZero();
        assertThat(standby.output()).isEqualTo("standby requested\n");
        awaitHolders(Duration.ofSeconds(3), 2);
        awaitClientMovedTo(2, Duration.ofSeconds(3));
        awaitActive(2, n);
        assertThat(n[0].ask("ha-status")).contains("node node1: STANDBY\n").contains("virtual IPs held: none\n");
        assertThat(n[1].logText()).contains("Operator request: node node2 should be active");

        Sh.Result takeover = n[0].cli("takeover");
        assertThat(takeover.exit()).as(takeover.output()).isZero();
        awaitHolders(Duration.ofSeconds(3), 1);
        awaitClientMovedTo(1, Duration.ofSeconds(3));
        awaitActive(1, n);
        assertThat(CLUSTER.monitor().doubleHolds(Instant.EPOCH)).as("handovers without overlap").isEmpty();
    }

    @Test
    void autoFailbackOffLeavesTheVipWithTheSurvivorWhenTheOtherReturns() throws Exception {
        DirectorNode[] n = startPair(setup(false, true));
        await().atMost(Duration.ofSeconds(40)).until(() -> net().vipHolders().size() == 1);
        int a = net().vipHolders().get(0);
        int b = 3 - a;
        awaitActive(a, n);
        clientReaches(a);

        n[a - 1].terminate();
        awaitHolders(Duration.ofSeconds(3), b);
        awaitClientMovedTo(b, Duration.ofSeconds(3));

        n[a - 1].start();
        await("node" + a + " back in the cluster and eligible").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    String s = n[b - 1].ask("ha-status");
                    return s.matches("(?s).*member node" + a
                            + " +STANDBY +in cluster +heartbeat \\d+ms +ping ok *\n.*");
                });
        Thread.sleep(2000); // several heartbeats: it does not take the role back
        assertThat(net().vipHolders()).isEqualTo(List.of(b));
        assertThat(net().clientNeighbour()).isEqualTo(net().mac(b));
        assertThat(n[a - 1].ask("ha-status")).contains("active director: node" + b + "\n");
    }

    // ---- authentication ----

    @Test
    void aNodeWithAWrongAuthkeysSecretNeverJoinsAndNeverGrabsTheVipWhileTheClusterLives() throws Exception {
        HaSetup three = new HaSetup(List.of("node1", "node2", "node3"), 3, true, true, "s3cret");
        DirectorNode n1 = CLUSTER.node(1, three);
        DirectorNode n2 = CLUSTER.node(2, three);
        DirectorNode rogue = CLUSTER.node(3, three.withSecret("not-the-secret"));
        n1.start();
        n2.start();
        rogue.start();
        awaitActive(1, n1, n2);
        clientReaches(1);
        Instant settled = Instant.now();

        await("the lone node probed and found the VIP in use").atMost(Duration.ofSeconds(30))
                .until(() -> rogue.logged("answers on the network: another director"));
        Thread.sleep(3000); // more probe rounds
        assertThat(CLUSTER.monitor().added(3, Instant.EPOCH)).as("node3 never added the VIP").isEmpty();
        assertThat(net().vipHolders()).isEqualTo(List.of(1));
        assertThat(net().clientNeighbour()).isEqualTo(net().mac(1));
        assertThat(n1.ask("ha-status")).containsPattern("member node3 +STANDBY +absent +heartbeat never")
                .containsPattern("member node2 +STANDBY +in cluster");
        assertThat(rogue.ask("ha-status")).contains("node node3: STANDBY\n").contains("active director: none\n")
                .containsPattern("member node1 +STANDBY +absent");
        assertThat(rogue.logText()).contains("Formed the director cluster alone")
                .doesNotContain("Joined the director cluster").doesNotContain("Taking over");
        assertThat(n1.logText()).doesNotContain("node3 joined");
        assertThat(CLUSTER.monitor().doubleHolds(settled)).isEmpty();

        // Once the real cluster is gone the lone node may serve: what Heartbeat does after initdead.
        n1.terminate();
        awaitHolders(Duration.ofSeconds(3), 2);
        n2.terminate();
        awaitHolders(Duration.ofSeconds(15), 3);
        awaitClientMovedTo(3, Duration.ofSeconds(3));
    }

    // ---- connection table ----

    @Test
    void theStandbyShowsTheActivesConnectionTableWithinTwoSeconds() throws Exception {
        DirectorNode[] n = startPair(setup(true, true));
        awaitActive(1, n);
        Path table = n[0].connectionTable;

        Instant written = Instant.now();
        install(resource("ip_vs_conn"), table);
        List<String> expected = withoutTimers(ConnectionListing.render(ConnectionTableReader.read(table)));
        assertThat(expected).hasSize(6); // two header lines, four entries
        await("the standby lists the active's table").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> withoutTimers(n[1].ask("connections")).equals(expected));
        long first = Duration.between(written, Instant.now()).toMillis();

        // A new connection: a delta.
        written = Instant.now();
        install(resource("ip_vs_conn") + resource("ip_vs_conn.more"), table);
        List<String> more = withoutTimers(ConnectionListing.render(ConnectionTableReader.read(table)));
        assertThat(more).hasSize(7);
        await("the standby lists the new connection").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> withoutTimers(n[1].ask("connections")).equals(more));
        System.out.printf("connection table on the standby after %d ms (snapshot) and %d ms (delta)%n", first,
                Duration.between(written, Instant.now()).toMillis());

        // The operator's command, on either node, in ipvsadm -Lnc layout.
        Sh.Result onStandby = n[1].cli("connections");
        assertThat(onStandby.exit()).as(onStandby.output()).isZero();
        assertThat(onStandby.output()).startsWith("IPVS connection entries\n"
                        + "pro expire state       source             virtual            destination\n")
                .contains("TCP 14:").contains("ESTABLISHED 10.77.0.9:51222    10.77.0.100:80     10.77.1.11:80\n")
                .contains("10.77.0.9:5060     10.77.0.100:5060   10.77.1.12:5060\n");
        assertThat(withoutTimers(onStandby.output())).isEqualTo(more);
        assertThat(n[0].cli("connections").output())
                .isEqualTo(ConnectionListing.render(ConnectionTableReader.read(table)));
        assertThat(n[1].ask("ha-status")).containsPattern("connection table: epoch [0-9a-f]+ version \\d+, 5 entries");
    }

    @Test
    void anOperatorsDrainAndReadyOnOneDirectorApplyOnEveryDirector() throws Exception {
        DirectorNode[] n = startPair(setup(false, false));
        awaitActive(1, n);
        String virtual = "tcp:" + VIP + ":80";
        String real = DirectorNode.OPERATED_REAL;
        assertThat(n[1].ask("list")).containsPattern(real + "\\s+Route\\s+1\\s+0\\s+0\\s+up");

        Sh.Result drain = n[0].cli("drain", virtual, real);
        assertThat(drain.exit()).as(drain.output()).isZero();
        assertThat(drain.output()).contains("Drained real server " + real + " (" + virtual + ")")
                .contains("passed on to the other directors");
        await("the standby drained it too").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> n[1].ask("list").matches("(?s).*" + real + "\\s+Route\\s+0\\s+0\\s+0\\s+drained.*"));
        assertThat(n[1].logText()).contains("Operator action from director node1: drain " + virtual + " " + real);
        assertThat(n[0].ask("list")).containsPattern(real + "\\s+Route\\s+0\\s+0\\s+0\\s+drained");

        // taken on the standby, it reaches the active the same way; and it is not echoed back
        Sh.Result ready = n[1].cli("ready", virtual, real);
        assertThat(ready.exit()).as(ready.output()).isZero();
        await("the active is ready again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> n[0].ask("list").matches("(?s).*" + real + "\\s+Route\\s+1\\s+0\\s+0\\s+up.*"));
        assertThat(n[1].logText()).doesNotContain("Operator action from director node2");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FailoverProcessTest.class.getResourceAsStream("/cluster/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Replaces the file at once, as the kernel's table changes under a reader. */
    private static void install(String text, Path table) throws IOException {
        Path tmp = table.resolveSibling(table.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, table, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The listing's lines with the expire column blanked (the standby counts timers down on its own). */
    private static List<String> withoutTimers(String listing) {
        return listing.lines().map(l -> l.length() > 10 && l.charAt(3) == ' ' && l.charAt(6) == ':'
                ? l.substring(0, 4) + "--:--" + l.substring(9) : l).toList();
    }
}
