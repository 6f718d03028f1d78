package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.failover.heartbeat.FailoverConfig;

/**
 * Integrity and freshness on the wire, between real JGroups stacks on loopback: an attacker who recorded a
 * director's sealed traffic and replays it once the director is dead does not keep it alive; bit-flipped copies are
 * dropped and counted; a node with another authkeys secret never joins.
 */
class ReplayTest {

    /** Sits between the transport and Seal: records what arrives from one sender, and can inject copies. */
    static final class Tap extends Protocol {
        volatile Address from;
        final List<Message> recorded = new CopyOnWriteArrayList<>();

        @Override
        public Object up(Message msg) {
            record(msg);
            return up_prot.up(msg);
        }

        @Override
        public void up(MessageBatch batch) {
            for (Message m : batch) {
                record(m);
            }
            up_prot.up(batch);
        }

        private void record(Message m) {
            if (from != null && from.equals(m.getSrc()) && recorded.size() < 5000) {
                recorded.add(m.copy(true, true));
            }
        }

        void inject(Message m) {
            up_prot.up(m.copy(true, true));
        }
    }

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();

    private static Seal seal(DirectorCluster c) {
        return c.channel().getProtocolStack().findProtocol(Seal.class);
    }

    @Test
    void replayingADeadDirectorsTrafficDoesNotDelayTheTakeover() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        DISCARD dead = new DISCARD();
        Tap tap = new Tap();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).testProtocols(List.of(dead)));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net).belowSeal(List.of(tap)));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());
        tap.from = a.channel().getAddress();
        Thread.sleep(1500); // record heartbeats, states, everything node1 sends for more than deadtime
        assertThat(tap.recorded).hasSizeGreaterThan(5);

        // node1 falls silent without closing its connections (a hung machine, a cut cable on its side): only
        // FD_ALL3 can tell, after deadtime (1 s). Meanwhile the attacker replays node1's recorded traffic.
        dead.discardAll(true);
        long t0 = System.nanoTime();
        List<Message> captured = List.copyOf(tap.recorded);
        Thread replayer = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Message m : captured) {
                    tap.inject(m);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE);
        } finally {
            replayer.interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("takeover while node1's traffic was replayed: %d ms%n", ms);
        assertThat(ms).as("deadtime 1 s plus the view change").isLessThan(3000);
        assertThat(seal(b).replayed()).isGreaterThanOrEqualTo(captured.size());
    }

    @Test
    void flippedBitsAreDroppedAndCountedWithoutEffect() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        Tap tap = new Tap();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net).belowSeal(List.of(tap)));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());
        var view = b.channel().getView().getViewId();
        tap.from = a.channel().getAddress();
        await().atMost(5, SECONDS).until(() -> tap.recorded.size() >= 10);
        int flipped = 0;
        for (Message m : List.copyOf(tap.recorded)) {
            for (int i = 0; i < m.getLength(); i += 7) {
                Message bad = m.copy(true, true);
                byte[] copy = java.util.Arrays.copyOfRange(bad.getArray(), bad.getOffset(),
                        bad.getOffset() + bad.getLength());
                copy[i] ^= 0x10;
                bad.setArray(copy, 0, copy.length);
                tap.inject(bad);
                flipped++;
            }
        }
        assertThat(seal(b).unauthentic()).isEqualTo(flipped);
        Thread.sleep(1200);
        assertThat(b.channel().getView().getViewId()).isEqualTo(view);
        assertThat(a.role()).isEqualTo(Role.ACTIVE);
        assertThat(b.role()).isEqualTo(Role.STANDBY);
    }

    @Test
    void aNodeWithAnotherSecretNeverJoins() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(3);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2", "node3"), "node1", true, List.of(),
                "s3cret", TestClusters.FAST);
        FailoverConfig wrong = TestClusters.config(List.of("node1", "node2", "node3"), "node1", true, List.of(),
                "not-the-secret", TestClusters.FAST);
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.channel().getView().size() == 2);
        DirectorCluster c = clusters.start(TestClusters.node(wrong, "node3", ports, 2, net));
        await().atMost(5, SECONDS).until(() -> seal(a).unauthentic() + seal(b).unauthentic() > 0);
        Thread.sleep(2000);
        assertThat(a.channel().getView().size()).isEqualTo(2);
        assertThat(c.channel().getView().size()).isEqualTo(1);
        assertThat(seal(c).unauthentic()).isPositive();
        assertThat(c.role()).isEqualTo(Role.STANDBY);
    }
}
