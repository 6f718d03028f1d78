package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ldirector.failover.heartbeat.HaCf;
import org.ldirector.failover.heartbeat.Medium;
import org.ldirector.failover.heartbeat.Timings;

class TransportTest {

    private static HaCf haCf(List<Medium> media) {
        return new HaCf(Path.of("ha.cf"), List.of("a", "b"), media, 7694, Timings.defaults(), true, List.of(),
                List.of());
    }

    @Test
    void ucastPeersBecomeTcpWithTheLocalPeerAsBindAddress() throws Exception {
        List<String> warnings = new ArrayList<>();
        Transport t = Transport.fromHaCf(haCf(List.of(new Medium.Ucast("lo", "127.0.0.1", 1),
                new Medium.Ucast("lo", "127.0.0.2", 2), new Medium.Bcast(List.of("lo"), 3))), warnings::add);
        assertThat(t).isEqualTo(new Transport.Tcp(InetAddress.getByName("127.0.0.1"), 7694,
                List.of(new InetSocketAddress("127.0.0.1", 7694), new InetSocketAddress("127.0.0.2", 7694))));
        assertThat(warnings).containsExactly("ha.cf:3: this heartbeat medium is not used: JGroups runs one transport,"
                + " the one of line 1");
    }

    @Test
    void mcastAndBcastBecomeUdpMulticastOnTheirInterface() throws Exception {
        Transport m = Transport.fromHaCf(haCf(List.of(new Medium.Mcast("lo", "225.0.0.1", 694, 1, false, 1))), w -> { });
        assertThat(m).isEqualTo(new Transport.Udp(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("225.0.0.1"), 694, 1));
        Transport b = Transport.fromHaCf(haCf(List.of(new Medium.Bcast(List.of("lo"), 1))), w -> { });
        assertThat(b).isEqualTo(new Transport.Udp(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName(Transport.BCAST_GROUP), 7694, 1));
    }

    @Test
    void theJGroupsTimingsFollowHaCf() {
        JGroupsStack.Tuning t = JGroupsStack.Tuning.of(new Timings(java.time.Duration.ofMillis(250),
                java.time.Duration.ofMillis(1500), java.time.Duration.ofMillis(750), java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMillis(1500)));
        assertThat(t.fdInterval()).isEqualTo(250);
        assertThat(t.fdTimeout()).isEqualTo(1500);
        assertThat(t.verifyTimeout()).isEqualTo(125);
        assertThat(t.mergeMax()).isEqualTo(1000);
        assertThat(t.mergeCheck()).isGreaterThan(t.mergeMax());
    }

    @Test
    void anInterfaceThatIsNotThereOrHasNoAddressYetIsWaitedForWithALogLine() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        InetAddress linkLocal = InetAddress.getByName("fe80::1");
        java.util.ArrayDeque<java.util.Optional<List<InetAddress>>> answers = new java.util.ArrayDeque<>(List.of(
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(List.of()),
                java.util.Optional.of(List.of(linkLocal)), java.util.Optional.of(List.of(linkLocal, v4))));
        long[] now = {0};
        List<String> log = new ArrayList<>();
        InterfaceWait wait = new InterfaceWait(dev -> {
            assertThat(dev).isEqualTo("eth0");
            return answers.remove();
        }, d -> now[0] += d.toNanos(), () -> now[0], log::add);
        Transport t = Transport.fromHaCf(haCf(List.of(new Medium.Ucast("eth0", "10.0.0.2", 1))), w -> { }, wait);
        assertThat(t.bindAddress()).isEqualTo(v4);
        assertThat(answers).isEmpty();
        assertThat(log).containsExactly("Heartbeat interface eth0 does not exist yet: waiting for it",
                "Heartbeat interface eth0 has no address yet: waiting for it",
                "Heartbeat interface eth0 is ready after 1000 ms");
    }

    @Test
    void aLongWaitIsLoggedAgainEveryMinute() throws Exception {
        long[] now = {0};
        List<String> log = new ArrayList<>();
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        InterfaceWait wait = new InterfaceWait(dev -> now[0] < java.time.Duration.ofSeconds(150).toNanos()
                ? java.util.Optional.empty() : java.util.Optional.of(List.of(v4)), d -> now[0] += d.toNanos(),
                () -> now[0], log::add);
        assertThat(wait.await("eth1")).containsExactly(v4);
        assertThat(log).containsExactly("Heartbeat interface eth1 does not exist yet: waiting for it",
                "Heartbeat interface eth1 does not exist yet: waiting for it",
                "Heartbeat interface eth1 does not exist yet: waiting for it",
                "Heartbeat interface eth1 is ready after 150000 ms");
    }
}
