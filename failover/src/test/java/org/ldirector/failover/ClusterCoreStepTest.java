package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ldirector.failover.SteppedCluster.Node;

/**
 * The decision logic stepped by hand ({@link SteppedCluster}: no JGroups, no threads, no waiting): the split-brain
 * races found by the process-level tests, each replayed deterministically, and the takeover handshake under every
 * delivery order a few hundred seeds draw.
 */
class ClusterCoreStepTest {

    private static SteppedCluster cluster(List<String> ping) throws Exception {
        return new SteppedCluster(TestClusters.config(List.of("node1", "node2"), "node1", true, ping, "s3cret",
                TestClusters.FAST));
    }

    private static long garps(SteppedCluster c, String node) {
        return c.net.log.stream().filter(l -> l.startsWith(node + " garp")).count();
    }

    private static void assertActive(Node active, Node standby) {
        assertThat(active.role()).as(active.name).isEqualTo(Role.ACTIVE);
        assertThat(standby.role()).as(standby.name).isEqualTo(Role.STANDBY);
    }

    /** Both settled, node1 (preferred) active. */
    private static void settled(SteppedCluster c, Node n1, Node n2) {
        c.view(1, n1, n2);
        c.settle(List.of(n1, n2));
        c.converge(n1, n2);
        assertActive(n1, n2);
    }

    @Test
    void twoNodesThatBecomeEligibleTogetherNeverBothTakeOverInAnyDeliveryOrder() throws Exception {
        for (int seed = 0; seed < 300; seed++) {
            SteppedCluster c = cluster(List.of());
            Node n1 = c.add("node1");
            Node n2 = c.add("node2");
            c.view(1, n1, n2);
            Random random = new Random(seed);
            int s = seed;
            c.shuffle(List.of(n1, n2), random, () -> assertThat(c.actives())
                    .as("seed %d: two actives in one view", s).isLessThanOrEqualTo(1));
            for (int i = 0; i < 3; i++) {
                n1.tick();
                n2.tick();
                c.shuffle(List.of(n1, n2), random, () -> assertThat(c.actives()).isLessThanOrEqualTo(1));
            }
            assertThat(n1.role()).as("seed %d", seed).isEqualTo(Role.ACTIVE);
            assertThat(n2.role()).as("seed %d", seed).isEqualTo(Role.STANDBY);
        }
    }

    @Test
    void afterAHealedPartitionTheWinnerAnnouncesTheVipAgain() throws Exception {
        SteppedCluster c = cluster(List.of()); // no ping node: both sides serve while cut
        Node n1 = c.add("node1");
        Node n2 = c.add("node2");
        settled(c, n1, n2);
        long before = garps(c, "node1");

        c.drop(n1, n2);
        c.view(2, n1);
        c.view(2, n2);
        assertThat(c.actives()).as("split brain while cut, as with Heartbeat").isEqualTo(2);
        c.settle(List.of(n1));
        c.settle(List.of(n2));

        c.mergeView(3, List.of(List.of(n1), List.of(n2)));
        c.settle(List.of(n1, n2));
        assertThat(n1.role()).isEqualTo(Role.ACTIVE);
        assertThat(n2.role()).isEqualTo(Role.STANDBY);
        assertThat(garps(c, "node1")).as("the clients the loser's ARP took are sent back").isEqualTo(before + 1);
    }

    @Test
    void aCutOffNodeWhosePingNodeAnswersAgainDoesNotTakeOverBeforeTheMerge() throws Exception {
        SteppedCluster c = cluster(List.of("10.99.0.9"));
        Node n1 = c.add("node1");
        Node n2 = c.add("node2");
        settled(c, n1, n2);

        // node1's cable is pulled: no peer, no ping node (after deadping)
        c.net.pingable.put("node1", false);
        c.drop(n1, n2);
        c.advance(1100);
        c.view(2, n1);
        c.view(2, n2);
        n1.pingRound();
        n2.pingRound();
        assertThat(n1.role()).isEqualTo(Role.STANDBY);
        assertThat(n2.role()).isEqualTo(Role.ACTIVE);

        // the cable is back: the ping node answers before MERGE3 has merged the views
        c.net.pingable.put("node1", true);
        n1.pingRound();
        n1.tick();
        n2.tick();
        c.drop(n1, n2);
        assertThat(n1.role()).as("its view is stale: it waits for a peer's answer").isEqualTo(Role.STANDBY);
        assertThat(c.actives()).isEqualTo(1);

        c.mergeView(3, List.of(List.of(n1), List.of(n2)));
        c.shuffle(List.of(n1, n2), new Random(7), () -> assertThat(c.actives()).isLessThanOrEqualTo(1));
        c.converge(n1, n2);
        assertThat(n1.role()).as("auto_failback: the preferred node takes the role back").isEqualTo(Role.ACTIVE);
        assertThat(n2.role()).isEqualTo(Role.STANDBY);
    }

    @Test
    void aFrozenActiveReleasesOnResumeAndWaitsToBeConfirmed() throws Exception {
        SteppedCluster c = cluster(List.of());
        Node n1 = c.add("node1");
        Node n2 = c.add("node2");
        settled(c, n1, n2);

        c.drop(n1);
        c.view(2, n2); // node2 declared node1 dead and took over
        assertThat(n2.role()).isEqualTo(Role.ACTIVE);
        c.advance(2000);
        n1.paused(2_000_000_000L);
        assertThat(n1.role()).as("released before its first message is handled").isEqualTo(Role.STANDBY);
        n1.tick();
        n1.tick();
        assertThat(n1.role()).as("unconfirmed, in its stale view").isEqualTo(Role.STANDBY);

        c.drop(n1, n2);
        c.mergeView(3, List.of(List.of(n1), List.of(n2)));
        c.shuffle(List.of(n1, n2), new Random(3), () -> assertThat(c.actives()).isLessThanOrEqualTo(1));
        c.converge(n1, n2);
        assertActive(n1, n2);
    }

    @Test
    void anOperatorChoiceIsFollowedAndEndsWhenThePreferredNodeRejoins() throws Exception {
        SteppedCluster c = cluster(List.of());
        Node n1 = c.add("node1");
        Node n2 = c.add("node2");
        settled(c, n1, n2);

        n1.core.post(n1.core::standby);
        n1.run();
        c.settle(List.of(n1, n2));
        n2.tick(); // node2 asks its new question with the next heartbeat
        c.settle(List.of(n1, n2));
        assertThat(n2.role()).isEqualTo(Role.ACTIVE);
        assertThat(n1.role()).isEqualTo(Role.STANDBY);

        c.drop(n1, n2);
        c.view(2, n2); // node1 leaves ...
        Node n1b = c.add("node1"); // ... and comes back (a new incarnation)
        c.view(3, n2, n1b);
        c.settle(List.of(n2, n1b));
        c.converge(n2, n1b);
        assertThat(n1b.role()).as("the choice ended when the preferred node joined").isEqualTo(Role.ACTIVE);
        assertThat(n2.role()).isEqualTo(Role.STANDBY);
    }
}
