package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.failover.conn.ConnectionListing;
import org.ldirector.failover.conn.IpvsConnection;
import org.ldirector.failover.heartbeat.FailoverConfig;

/** The active's connection table reaches the standbys: snapshot on join, then versioned deltas. */
class ReplicationTest {

    private static final String HEADER = "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n";
    private static final String ESTABLISHED = "TCP C0A80006 C816 AC100064 01BB 0A000011 01BB ESTABLISHED     900\n";
    private static final String FIN_WAIT = "TCP C0A80006 9A36 AC100064 0050 0A000011 0050 FIN_WAIT         67\n";
    private static final String TEMPLATE = "TCP C0A80006 0000 AC100064 0050 0A000011 0050 NONE            948\n";
    private static final String V6 = "TCP 2001:0db8:0000:0000:0000:0000:0000:0005 D431 2001:0db8:0000:0000:0000:0000:0000:0064"
            + " 0050 2001:0db8:0000:0000:0000:0000:0000:0011 0050 ESTABLISHED     880\n";

    @TempDir
    Path dir;

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();

    /** Replaces the "kernel" table atomically, as /proc is read whole. */
    private void table(Path file, String... lines) throws Exception {
        Path tmp = Files.createTempFile(dir, "conn", ".tmp");
        Files.writeString(tmp, HEADER + String.join("", lines));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> keys(List<IpvsConnection> table) {
        return table.stream().map(c -> c.key() + " " + c.state()).sorted().toList();
    }

    @Test
    void theStandbySeesTheActivesTableWithinTwoSecondsAndFollowsItsChanges() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(3);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2", "node3"), "node1", true, List.of(),
                "s3cret", TestClusters.FAST);
        Path kernelA = dir.resolve("a_ip_vs_conn");
        Path kernelB = dir.resolve("b_ip_vs_conn");
        Path kernelC = dir.resolve("c_ip_vs_conn");
        table(kernelA, ESTABLISHED, FIN_WAIT, TEMPLATE, V6);
        table(kernelB);
        table(kernelC);

        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net).connectionTable(kernelA));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net).connectionTable(kernelB));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE);
        List<IpvsConnection> onActive = a.connections();
        assertThat(onActive).hasSize(4);
        await().atMost(2, SECONDS).until(() -> keys(b.connections()).equals(keys(onActive)));

        String listing = ConnectionListing.render(b.connections());
        assertThat(listing).startsWith("IPVS connection entries\n"
                + "pro expire state       source             virtual            destination\n");
        assertThat(listing).contains("TCP 01:0", "NONE        192.168.0.6:0      172.16.0.100:80");
        assertThat(listing).contains("ESTABLISHED 192.168.0.6:51222  172.16.0.100:443   10.0.0.17:443\n");
        assertThat(listing).contains("ESTABLISHED [2001:db8::5]:54321 [2001:db8::64]:80  [2001:db8::11]:80\n");
        assertThat(b.connections()).allMatch(c -> c.expiresSeconds() <= 948);

        // Deltas: one connection closes, one moves on to FIN_WAIT, one arrives.
        String finWait = ESTABLISHED.replace("ESTABLISHED     900", "FIN_WAIT         90");
        String arrived = "UDP C0A80007 1F90 AC100064 0035 0A000012 0035 UDP             300\n";
        table(kernelA, finWait, TEMPLATE, V6, arrived);
        await().atMost(2, SECONDS).until(() -> keys(b.connections()).equals(keys(a.connections())));
        assertThat(b.status().replication().version()).isGreaterThan(1);

        // A director joining later gets a snapshot.
        DirectorCluster c = clusters.start(TestClusters.node(cfg, "node3", ports, 2, net).connectionTable(kernelC));
        await().atMost(5, SECONDS).until(() -> keys(c.connections()).equals(keys(a.connections())));
        assertThat(c.status().replication().epoch()).isEqualTo(a.status().replication().epoch());
    }
}
