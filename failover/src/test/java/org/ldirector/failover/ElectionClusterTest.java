package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.jgroups.protocols.DISCARD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.failover.heartbeat.FailoverConfig;

/** Election on real JGroups channels over loopback TCP: two or three directors in this JVM. */
class ElectionClusterTest {

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();

    private static FailoverConfig config(boolean autoFailback, List<String> ping) throws Exception {
        return TestClusters.config(List.of("node1", "node2"), "node1", autoFailback, ping, "s3cret",
                TestClusters.FAST);
    }

    private static long activeCount(DirectorCluster... nodes) {
        return java.util.Arrays.stream(nodes).filter(n -> n.role() == Role.ACTIVE).count();
    }

    @Test
    void preferredNodeBecomesActiveAndThePeerStandsBy() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(true, List.of());
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        assertThat(b.role()).isEqualTo(Role.STANDBY);
        assertThat(net.holderOf(TestClusters.VIP)).isEqualTo("node1");
        assertThat(net.log).contains("node1 garp " + TestClusters.VIP, "node1 sync MASTER", "node2 sync BACKUP");
        ClusterStatus status = b.status();
        assertThat(status.activeNode()).contains("node1");
        assertThat(status.members()).extracting(MemberStatus::name).containsExactly("node1", "node2");
        assertThat(status.members().get(0).lastHeartbeat()).isPresent();
        assertThat(a.status().heldAddresses()).containsExactly(TestClusters.VIP);
    }

    @Test
    void crashOfTheActiveFailsOverAndAutoFailbackOnReturnsToThePreferredNode() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(true, List.of());
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());

        long t0 = System.nanoTime();
        a.crash();
        await().atMost(5, SECONDS).pollInterval(5, MILLISECONDS).until(() -> b.role() == Role.ACTIVE);
        System.out.printf("failover after crash of the active: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(net.holderOf(TestClusters.VIP)).isEqualTo("node2");

        DirectorCluster a2 = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        await().atMost(10, SECONDS).until(() -> a2.role() == Role.ACTIVE && b.role() == Role.STANDBY);
        assertThat(net.holderOf(TestClusters.VIP)).isEqualTo("node1");
    }

    @Test
    void autoFailbackOffLeavesTheRoleWithTheSurvivor() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(false, List.of());
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        a.crash();
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE);

        DirectorCluster a2 = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        await().atMost(10, SECONDS).until(() -> a2.status().activeNode().equals(java.util.Optional.of("node2")));
        await().during(1500, MILLISECONDS).atMost(3, SECONDS).until(() -> b.role() == Role.ACTIVE
                && a2.role() == Role.STANDBY);
    }

    @Test
    void gracefulCloseHandsOverAtOnce() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(true, List.of());
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());
        long t0 = System.nanoTime();
        a.close();
        await().atMost(2, SECONDS).pollInterval(5, MILLISECONDS).until(() -> b.role() == Role.ACTIVE);
        System.out.printf("failover after graceful close: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(net.log).contains("node1 del " + TestClusters.VIP, "node1 sync STOPPED");
    }

    @Test
    void standbyHandsTheRoleOverAndTakeoverTakesItBack() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(true, List.of());
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        assertThatThrownBy(a::standby).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no other director");

        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> b.status().activeNode().isPresent());
        a.standby();
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE && a.role() == Role.STANDBY);
        await().during(1, SECONDS).atMost(2, SECONDS).until(() -> b.role() == Role.ACTIVE); // despite auto_failback
        a.takeover();
        await().atMost(5, SECONDS).until(() -> a.role() == Role.ACTIVE && b.role() == Role.STANDBY);
    }

    @Test
    void partitionGivesTwoActivesAndTheHealLeavesExactlyOne() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(false, List.of());
        DISCARD da = new DISCARD();
        DISCARD db = new DISCARD();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).testProtocols(List.of(da)));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net).testProtocols(List.of(db)));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());

        da.discardAll(true);
        db.discardAll(true);
        // Without ping nodes each side thinks the other died: the classic split brain.
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE);
        assertThat(a.role()).isEqualTo(Role.ACTIVE);

        long t0 = System.nanoTime();
        da.discardAll(false);
        db.discardAll(false);
        await().atMost(10, SECONDS).pollInterval(5, MILLISECONDS).until(() -> activeCount(a, b) == 1);
        System.out.printf("partition heal to a single active: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(a.role()).as("the higher-ranked holder (preferred node1) stays").isEqualTo(Role.ACTIVE);
        await().during(1, SECONDS).atMost(2, SECONDS).until(() -> activeCount(a, b) == 1);
    }

    @Test
    void aCutOffNodeThatReachesNoPingNodeDoesNotTakeOver() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(false, List.of("10.99.0.254"));
        DISCARD da = new DISCARD();
        DISCARD db = new DISCARD();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).testProtocols(List.of(da)));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net).testProtocols(List.of(db)));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());

        net.pingable.put("node2", false); // node2's cable is pulled: neither peer nor gateway
        da.discardAll(true);
        db.discardAll(true);
        await().atMost(5, SECONDS).until(() -> b.status().members().stream()
                .noneMatch(m -> m.name().equals("node1") && m.inCluster()));
        await().during(2, SECONDS).atMost(3, SECONDS).until(() -> b.role() == Role.STANDBY && a.role() == Role.ACTIVE);
    }

    @Test
    void theActiveGivesUpWhenItLosesItsPingNodesAndThePeerHasThem() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(true, List.of("10.99.0.254"));
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());
        net.pingable.put("node1", false);
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE && a.role() == Role.STANDBY);
        net.pingable.put("node1", true); // auto_failback on: back to the preferred node
        await().atMost(5, SECONDS).until(() -> a.role() == Role.ACTIVE && b.role() == Role.STANDBY);
    }

    @Test
    void aNodeWithTheWrongSecretCannotJoinAndDoesNotGrabTheVipWhileTheClusterLives() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(3);
        List<String> nodes = List.of("node1", "node2", "node3");
        FailoverConfig good = TestClusters.config(nodes, "node1", true, List.of(), "s3cret", TestClusters.FAST);
        FailoverConfig bad = TestClusters.config(nodes, "node1", true, List.of(), "guess", TestClusters.FAST);
        DirectorCluster a = clusters.start(TestClusters.node(good, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(good, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());

        DirectorCluster rogue = clusters.start(TestClusters.node(bad, "node3", ports, 2, net));
        // initdead (1.5 s) passes; the VIP answers on the link, so the lone node stays standby.
        await().during(4, SECONDS).atMost(5, SECONDS).until(() -> rogue.role() == Role.STANDBY
                && a.role() == Role.ACTIVE && b.role() == Role.STANDBY);
        assertThat(a.channel().getView().size()).isEqualTo(2);
        assertThat(rogue.channel().getView().size()).isEqualTo(1);
        assertThat(rogue.status().members()).filteredOn(MemberStatus::inCluster).extracting(MemberStatus::name)
                .containsExactly("node3");
        assertThat(a.status().members()).filteredOn(m -> m.name().equals("node3")).allMatch(m -> !m.inCluster()
                && m.lastHeartbeat().isEmpty());

        // Once the real cluster is gone (and the VIP with it), the lone node may serve.
        a.close();
        b.close();
        await().atMost(10, SECONDS).until(() -> rogue.role() == Role.ACTIVE);
    }

    @Test
    void aFrozenActiveDropsItsVipOnResumeBeforeThePartitionsMerge() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(false, List.of());
        TestClusters.JumpingClock clockA = new TestClusters.JumpingClock();
        DISCARD da = new DISCARD();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).clock(clockA)
                .testProtocols(List.of(da)));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());

        // node1 "freezes": silent to the world long enough for node2 to declare it dead and take over.
        da.discardAll(true);
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE);
        // It resumes: its clock has moved 5 s (deadtime is 1 s) and its traffic flows again.
        clockA.jump(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        da.discardAll(false);
        await().atMost(1, SECONDS).pollInterval(5, MILLISECONDS).until(() -> a.role() == Role.STANDBY);
        System.out.printf("frozen active released after resume: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(b.role()).isEqualTo(Role.ACTIVE);
        // After the merge node1 confirms the cluster again and, auto_failback off, node2 keeps the role.
        await().atMost(10, SECONDS).until(() -> a.status().members().get(0).eligible()
                && a.channel().getView().size() == 2);
        await().during(1, SECONDS).atMost(2, SECONDS).until(() -> activeCount(a, b) == 1 && b.role() == Role.ACTIVE);
    }
}
