package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.failover.conn.ConnectionTableReader;
import org.ldirector.failover.heartbeat.FailoverConfig;

/**
 * Failures that used to stop a part of the cluster for good: an {@code ip addr add} that failed was never tried
 * again (and the director said ACTIVE without the VIP), and an exception in a scheduled task (here the connection
 * table read) cancelled that task silently.
 */
class RetryAndSurvivalTest {

    private static final String TABLE = "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
            + "TCP C0A80006 C816 AC100064 01BB 0A000011 01BB ESTABLISHED     900\n";

    @TempDir
    Path dir;

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();

    @Test
    void aVipWhoseAddFailedIsRetriedAndNotReportedHeldMeanwhile() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(1);
        FailoverConfig cfg = TestClusters.config(List.of("node1"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        net.addFails.add("node1");
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        // Several heartbeat ticks (200 ms) with the add failing: tried each time, never held.
        await().atMost(5, SECONDS).until(() -> net.log.stream().filter(("node1 add failed " + TestClusters.VIP)::equals)
                .count() >= 4);
        assertThat(a.status().heldAddresses()).isEmpty();
        assertThat(a.status().render()).contains("virtual IPs held: none");
        assertThat(net.holderOf(TestClusters.VIP)).isNull();
        assertThat(net.log).doesNotContain("node1 garp " + TestClusters.VIP);

        net.addFails.remove("node1");
        await().atMost(2, SECONDS).until(() -> "node1".equals(net.holderOf(TestClusters.VIP)));
        await().atMost(2, SECONDS).until(() -> a.status().heldAddresses().contains(TestClusters.VIP));
        List<String> log = List.copyOf(net.log);
        assertThat(log.indexOf("node1 garp " + TestClusters.VIP)).isGreaterThan(log.indexOf("node1 add "
                + TestClusters.VIP));
    }

    @Test
    void aVipWhoseRemovalFailedIsRemovedLater() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> b.role() == Role.ACTIVE);
        net.removeFails.add("node2");
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        // auto_failback: node2 releases; its ip addr del fails, so node1's add leaves node2's copy behind.
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.role() == Role.STANDBY);
        assertThat(net.log).contains("node2 del failed " + TestClusters.VIP);
        assertThat(b.status().heldAddresses()).isEmpty();
        net.removeFails.remove("node2");
        await().atMost(2, SECONDS).until(() -> net.log.lastIndexOf("node2 del " + TestClusters.VIP)
                > net.log.lastIndexOf("node2 del failed " + TestClusters.VIP));
    }

    @Test
    void anExceptionInTheTableReadDoesNotStopReplication() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        Path kernel = dir.resolve("ip_vs_conn");
        Files.writeString(kernel, TABLE);
        AtomicInteger reads = new AtomicInteger();
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).replicationInterval(
                java.time.Duration.ofMillis(100)).tableSource(each -> {
                    if (reads.incrementAndGet() <= 3) {
                        throw new IllegalStateException("a bug in the reader");
                    }
                    ConnectionTableReader.forEach(each, kernel);
                }));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        await().atMost(5, SECONDS).until(() -> b.connections().size() == 1);
        assertThat(reads.get()).isGreaterThan(3);
    }

    @Test
    void aProbeThatThrowsIsRunAgainAndTheLoneNodeServesAfterInitdead() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        net.probeBugs.set(1);
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net)); // alone
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        assertThat(net.log).contains("node1 probe threw");
    }
}
