package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.failover.heartbeat.AuthKey;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.HaCf;
import org.ldirector.failover.heartbeat.HaResources;
import org.ldirector.failover.heartbeat.Medium;
import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * The real {@link CommandResourceActions} in network namespaces built for the test: VIPs appear in {@code ip addr},
 * gratuitous ARP and unsolicited NA move the client's neighbour entry, the probes see who answers. Needs root,
 * iproute2, iputils-arping, iputils-ping and ndisc6 (CI runs as root).
 */
class NetnsResourceActionsTest {

    private static NetnsLink link;

    @TempDir
    Path tmp;

    private final List<DirectorCluster> running = new ArrayList<>();

    @BeforeAll
    static void buildLink() throws Exception {
        assumeTrue(NetnsLink.available(), "needs root and ip netns");
        link = new NetnsLink(1, 2);
    }

    @AfterAll
    static void removeLink() {
        if (link != null) {
            link.close();
        }
    }

    @AfterEach
    void stop() {
        running.forEach(DirectorCluster::close);
    }

    private VirtualIp vip(String ip, int prefix) throws Exception {
        return VirtualIp.of(InetAddress.getByName(ip), prefix, "eth0");
    }

    /** What each node asked of its sync daemon switch (the director's IPVS backend does the switching). */
    private final Map<String, List<String>> switched = new ConcurrentHashMap<>();

    private SyncDaemonSwitch recorder(String name) {
        return (daemon, role) -> switched.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                .add(role + " " + daemon.interfaceName() + daemon.syncId().stream().mapToObj(id -> " " + id)
                        .findFirst().orElse(""));
    }

    @Test
    void addressesMoveAndTheClientsNeighbourTableFollowsTheGratuitousArp() throws Exception {
        String d1 = link.directors.get(0);
        String d2 = link.directors.get(1);
        CommandResourceActions a1 = CommandResourceActions.inNamespace(d1);
        CommandResourceActions a2 = CommandResourceActions.inNamespace(d2);
        String ip = link.net4 + "100";
        VirtualIp vip = vip(ip, 24);

        VirtualIp bare = new VirtualIp(InetAddress.getByName(ip), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), ip);
        assertThat(a1.locate(bare).describe()).isEqualTo(ip + "/24 on eth0");

        a1.addAddress(vip);
        a1.addAddress(vip); // idempotent
        assertThat(link.addresses(d1)).contains("inet " + ip + "/24");
        assertThat(link.clientPings(ip)).isTrue();
        assertThat(link.clientNeighbour(ip)).isEqualTo(link.mac(d1));
        assertThat(a2.addressInUse(vip)).isTrue();

        a1.removeAddress(vip);
        a1.removeAddress(vip); // idempotent
        assertThat(link.addresses(d1)).doesNotContain(ip + "/");
        a2.addAddress(vip);
        a2.announce(vip);
        await().atMost(3, SECONDS).until(() -> link.clientNeighbour(ip).equals(link.mac(d2)));
        assertThat(a1.addressInUse(vip)).isTrue();
        a2.removeAddress(vip);
        assertThat(a1.addressInUse(vip)).isFalse();
    }

    @Test
    void anIpv6AddressIsAdvertisedAfterDuplicateAddressDetection() throws Exception {
        String d1 = link.directors.get(0);
        String d2 = link.directors.get(1);
        CommandResourceActions a1 = CommandResourceActions.inNamespace(d1);
        CommandResourceActions a2 = CommandResourceActions.inNamespace(d2);
        String ip = link.net6 + "100";
        VirtualIp vip = vip(ip, 64);

        a1.addAddress(vip);
        await().atMost(5, SECONDS).until(() -> link.clientPings(ip));
        assertThat(link.clientNeighbour(ip)).isEqualTo(link.mac(d1));
        assertThat(a2.addressInUse(vip)).isTrue();
        a1.removeAddress(vip);
        assertThat(a2.addressInUse(vip)).isFalse();
        a2.addAddress(vip);
        a2.announce(vip);
        await().atMost(5, SECONDS).until(() -> link.clientNeighbour(ip).equals(link.mac(d2)));
        assertThat(link.addresses(d2)).contains("inet6 " + ip + "/64");
        a2.removeAddress(vip);
    }

    @Test
    void anIpv6AddressHeldAlreadyIsAdvertisedAgain() throws Exception {
        // After a partition healed, the client may still send to the other director's MAC (its
        // advertisement came last); announcing again must bring it back without re-adding the address.
        String d1 = link.directors.get(0);
        String d2 = link.directors.get(1);
        CommandResourceActions a2 = CommandResourceActions.inNamespace(d2);
        String ip = link.net6 + "101";
        VirtualIp vip = vip(ip, 64);
        a2.addAddress(vip);
        await().atMost(5, SECONDS).until(() -> link.clientPings(ip) && link.clientNeighbour(ip).equals(link.mac(d2)));
        a2.announce(vip); // held, DAD passed: advertised again (and harmless)
        assertThat(link.addresses(d2)).contains("inet6 " + ip + "/64");

        Sh.ok("ip", "-n", link.client, "neigh", "replace", ip, "lladdr", link.mac(d1), "dev", "br0", "nud", "stale");
        assertThat(link.clientNeighbour(ip)).isEqualTo(link.mac(d1));
        a2.announce(vip);
        await().atMost(3, SECONDS).until(() -> link.clientNeighbour(ip).equals(link.mac(d2)));
        assertThat(link.addresses(d2)).contains("inet6 " + ip + "/64").doesNotContain("tentative");
        a2.removeAddress(vip);
    }

    @Test
    void pingAndTheSyncDaemonSwitch() throws Exception {
        CommandResourceActions a = new CommandResourceActions(List.of("ip", "netns", "exec", link.directors.get(0)),
                recorder("node1"));
        assertThat(a.reachable(link.net4 + "9", Duration.ofSeconds(1))).isTrue();
        assertThat(a.reachable(link.net4 + "77", Duration.ofSeconds(1))).isFalse();
        SyncDaemon d = new SyncDaemon("eth0", OptionalInt.of(7), "LVSSyncDaemonSwap::master::eth0::7");
        a.syncDaemon(d, SyncDaemon.Role.MASTER);
        a.syncDaemon(d, SyncDaemon.Role.BACKUP);
        a.syncDaemon(d, SyncDaemon.Role.STOPPED);
        assertThat(switched.get("node1")).containsExactly("MASTER eth0 7", "BACKUP eth0 7", "STOPPED eth0 7");
    }

    @Test
    void theClusterMovesTheVipBetweenNamespacesOnStandbyAndTakeover() throws Exception {
        String d1 = link.directors.get(0);
        String d2 = link.directors.get(1);
        String ip = link.net4 + "101";
        HaCf cf = new HaCf(Path.of("ha.cf"), List.of("node1", "node2"),
                List.of(new Medium.Ucast("lo", "127.0.0.1", 1)), 694, TestClusters.FAST, false, List.of(),
                List.of());
        FailoverConfig cfg = FailoverConfig.of(cf, new HaResources(Path.of("haresources"), "node1",
                List.of(new VirtualIp(InetAddress.getByName(ip), OptionalInt.empty(), Optional.empty(),
                        Optional.empty(), ip),
                        new SyncDaemon("eth0", OptionalInt.empty(), "LVSSyncDaemonSwap::master::eth0"))),
                new AuthKey(1, "sha1", "s3cret"));
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        List<DirectorCluster> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String ns = link.directors.get(i);
            DirectorCluster c = DirectorCluster.builder(cfg).nodeName("node" + (i + 1))
                    .transport(new Transport.Tcp(InetAddress.getLoopbackAddress(), ports.get(i).getPort(), ports))
                    .resourceActions(new CommandResourceActions(List.of("ip", "netns", "exec", ns), recorder(ns)))
                    .connectionTable(tmp.resolve("none")).build();
            running.add(c);
            nodes.add(c);
            c.start();
        }
        DirectorCluster a = nodes.get(0);
        DirectorCluster b = nodes.get(1);
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.status().activeNode().isPresent());
        assertThat(link.addresses(d1)).contains("inet " + ip + "/24");
        assertThat(link.addresses(d2)).doesNotContain(ip + "/");
        assertThat(link.clientPings(ip)).isTrue();
        assertThat(link.clientNeighbour(ip)).isEqualTo(link.mac(d1));

        a.standby();
        await().atMost(5, SECONDS).until(() -> b.role() == Role.ACTIVE && a.role() == Role.STANDBY);
        assertThat(link.addresses(d1)).doesNotContain(ip + "/");
        assertThat(link.addresses(d2)).contains("inet " + ip + "/24");
        await().atMost(3, SECONDS).until(() -> link.clientNeighbour(ip).equals(link.mac(d2)));
        assertThat(switched.get(d2)).contains("MASTER eth0");

        a.takeover();
        await().atMost(5, SECONDS).until(() -> a.role() == Role.ACTIVE && b.role() == Role.STANDBY);
        await().atMost(3, SECONDS).until(() -> link.clientNeighbour(ip).equals(link.mac(d1)));
        assertThat(link.addresses(d2)).doesNotContain(ip + "/");

        a.close();
        await().atMost(3, SECONDS).until(() -> b.role() == Role.ACTIVE);
        assertThat(link.addresses(d1)).doesNotContain(ip + "/");
        assertThat(link.addresses(d2)).contains("inet " + ip + "/24");
    }
}
