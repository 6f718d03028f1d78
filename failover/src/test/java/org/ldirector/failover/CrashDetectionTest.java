package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.jgroups.protocols.DISCARD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.Timings;

/**
 * The closed connection read as a crash ({@link CrashDetector}) on real JGroups stacks over loopback TCP: a crash of
 * the active is a takeover well before the heartbeats could tell (and before VERIFY_SUSPECT2, which verifies the
 * transport's own suspicion, would let it through); a stall shorter than deadtime is no takeover at all.
 */
class CrashDetectionTest {

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();

    private static FailoverConfig config(Timings t) throws Exception {
        return TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret", t);
    }

    private static CrashDetector detector(DirectorCluster c) {
        return c.channel().getProtocolStack().findProtocol(CrashDetector.class);
    }

    @Test
    void aCrashedActiveIsSeenByItsClosedConnectionLongBeforeDeadtime() throws Exception {
        // keepalive 2 s, deadtime 10 s: heartbeats need 10 s, the transport's suspicion VERIFY_SUSPECT2's 1 s.
        Timings slow = new Timings(Duration.ofMillis(2000), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(10));
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(slow);
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(20, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent()
                && b.channel().getView().size() == 2);
        Thread.sleep(500); // the detectors' ring connects after the view

        long t0 = System.nanoTime();
        a.crash();
        await().atMost(15, SECONDS).pollInterval(2, MILLISECONDS).until(() -> b.role() == Role.ACTIVE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("takeover after a crash, detected by the closed connection: %d ms%n", ms);
        assertThat(detector(b).crashesDetected()).isEqualTo(1);
        assertThat(net.holderOf(TestClusters.VIP)).isEqualTo("node2");
        assertThat(ms).as("faster than VERIFY_SUSPECT2's 1 s and deadtime's 10 s").isLessThan(900);
    }

    @Test
    void aStallShorterThanDeadtimeIsNoTakeover() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(TestClusters.FAST); // keepalive 200 ms, deadtime 1 s
        DISCARD stall = new DISCARD();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net)
                .testProtocols(List.of(stall)));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent()
                && b.channel().getView().size() == 2);
        Thread.sleep(500);
        long viewId = b.channel().getView().getViewId().getId();

        // node1 says nothing and hears nothing for 700 ms; its connections stay open, as under SIGSTOP.
        stall.discardAll(true);
        Thread.sleep(700);
        stall.discardAll(false);
        Thread.sleep(1500); // more than deadtime after the stall began

        assertThat(b.role()).isEqualTo(Role.STANDBY);
        assertThat(a.role()).isEqualTo(Role.ACTIVE);
        assertThat(b.channel().getView().getViewId().getId()).as("no view change").isEqualTo(viewId);
        assertThat(net.log).filteredOn(l -> l.startsWith("node2 add")).isEmpty();
        assertThat(detector(b).crashesDetected()).isZero();

        // and a stall longer than deadtime is one: the heartbeats decide, not the (open) connection
        stall.discardAll(true);
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE);
        assertThat(detector(b).crashesDetected()).isZero();
    }

    @Test
    void theDetectorsPortIsGatedLikeTheClusterPort() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = config(TestClusters.FAST);
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent()
                && b.channel().getView().size() == 2);
        Thread.sleep(500);
        long viewId = b.channel().getView().getViewId().getId();
        PeerGate gate = (PeerGate) a.channel().getProtocolStack().getTransport().getSocketFactory();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                detector(a).getActualBindPort());
        long refusedBefore = gate.refusedNotListed();

        // not listed in ha.cf: closed at accept
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                s.connect(target, 2000);
                s.setSoTimeout(2000);
                assertThat(ClusterPortFloodTest.closedByServer(s)).isTrue();
            } catch (java.net.SocketException e) {
                // reset already
            }
        }
        assertThat(gate.refusedNotListed() - refusedBefore).isGreaterThanOrEqualTo(20);
        // listed, a handshake, then a 20 MB length prefix: cut off by max_length before anything is allocated
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            s.connect(target, 2000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(ClusterPortFloodTest.handshake(4000));
            out.writeInt(20 * 1024 * 1024);
            out.write(new byte[1000]);
            out.flush();
            s.setSoTimeout(5000);
            assertThat(ClusterPortFloodTest.closedByServer(s)).isTrue();
        }
        Thread.sleep(1500);
        assertThat(b.channel().getView().getViewId().getId()).as("no view change").isEqualTo(viewId);
        assertThat(a.role()).isEqualTo(Role.ACTIVE);
        assertThat(detector(a).crashesDetected() + detector(b).crashesDetected()).isZero();
    }
}
