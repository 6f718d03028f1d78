package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaResourcesReaderTest {

    @TempDir
    Path dir;

    private HaResources read(String text) throws Exception {
        Path f = dir.resolve("haresources");
        Files.writeString(f, text);
        return HaResourcesReader.read(f);
    }

    private void fails(String text, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(HeartbeatFileException.class)
                .hasMessage(dir.resolve("haresources") + message);
    }

    @Test
    void readsTheUltraMonkeyLine() throws Exception {
        HaResources r = read("""
                # preferred node and its resources
                Director1 IPaddr2::10.0.0.100/24/eth0 \\
                    ldirectord::ldirectord.cf LVSSyncDaemonSwap::master::eth1
                """);
        assertThat(r.preferredNode()).isEqualTo("director1");
        assertThat(r.resources()).containsExactly(
                new VirtualIp(InetAddress.getByName("10.0.0.100"), OptionalInt.of(24), Optional.of("eth0"),
                        Optional.empty(), "IPaddr2::10.0.0.100/24/eth0"),
                new LdirectordResource(Optional.of("ldirectord.cf"), "ldirectord::ldirectord.cf"),
                new SyncDaemon("eth1", OptionalInt.empty(), "LVSSyncDaemonSwap::master::eth1"));
    }

    @Test
    void readsEveryAddressForm() throws Exception {
        HaResources r = read("node1 10.0.0.101 10.0.0.102/25/eth0/10.0.0.127 IPaddr::10.0.0.103/255.255.255.0/eth0"
                + " IPv6addr::2001:db8::100/64/eth0 IPaddr2::2001:db8::101/64 2001:db8::102/64/eth1 ldirectord"
                + " LVSSyncDaemonSwap::master::eth1::42\nnode1 IPaddr2::10.0.0.104/24/eth0.100\n");
        assertThat(r.virtualIps()).extracting(VirtualIp::describe).containsExactly("10.0.0.101",
                "10.0.0.102/25 on eth0", "10.0.0.103/24 on eth0", "2001:db8::100/64 on eth0", "2001:db8::101/64",
                "2001:db8::102/64 on eth1", "10.0.0.104/24 on eth0.100");
        assertThat(r.virtualIps().get(1).broadcast()).contains(InetAddress.getByName("10.0.0.127"));
        assertThat(r.virtualIps().get(0).isComplete()).isFalse();
        assertThat(r.resources()).contains(new LdirectordResource(Optional.empty(), "ldirectord"),
                new SyncDaemon("eth1", OptionalInt.of(42), "LVSSyncDaemonSwap::master::eth1::42"));
    }

    @Test
    void rejectsWhatLdirectorCannotHold() {
        fails("node1 Filesystem::/dev/drbd0::/data::ext4\n", ":1: resource 'Filesystem' is not supported by"
                + " ldirector (supported: IPaddr, IPaddr2, IPv6addr, a bare IP address, ldirectord, LVSSyncDaemonSwap)");
        fails("node1 apache\n", ":1: resource 'apache' is not supported by ldirector (supported: IPaddr, IPaddr2,"
                + " IPv6addr, a bare IP address, ldirectord, LVSSyncDaemonSwap)");
        fails("\n# nothing\n", ": no resource line: write 'node1 IPaddr2::10.0.0.100/24/eth0'");
        fails("node1 10.0.0.1\nnode2 10.0.0.2\n", ":2: resources for node node2, but an earlier line gave them to"
                + " node1: ldirector has one active director, so every line must name the same preferred node");
    }

    @Test
    void rejectsMalformedAddresses() {
        fails("node1 IPaddr2::vip.example.com/24/eth0\n", ":1: 'IPaddr2::vip.example.com/24/eth0': 'vip.example.com'"
                + " is not an IP address (expected ip/prefix/dev, e.g. 10.0.0.100/24/eth0)");
        fails("node1 10.0.0.1/33/eth0\n", ":1: '10.0.0.1/33/eth0': '33' is not a prefix length (0-32) or netmask");
        fails("node1 10.0.0.1/255.0.255.0/eth0\n", ":1: '10.0.0.1/255.0.255.0/eth0': '255.0.255.0' is not a prefix"
                + " length (0-32) or netmask");
        fails("node1 IPaddr::2001:db8::1/64/eth0\n", ":1: 'IPaddr::2001:db8::1/64/eth0': IPaddr is IPv4 only; use"
                + " IPaddr2 or IPv6addr");
        fails("node1 10.0.0.1/24/eth0/10.0.0.255/x\n", ":1: '10.0.0.1/24/eth0/10.0.0.255/x': too many fields"
                + " (expected ip/prefix/dev/broadcast)");
        fails("node1 10.0.0.1/24/eth0/bcast\n", ":1: '10.0.0.1/24/eth0/bcast': broadcast 'bcast' is not an IPv4"
                + " address");
        fails("node1 10.0.0.1/24/eth0;reboot\n", ":1: '10.0.0.1/24/eth0;reboot': 'eth0;reboot' is not an interface"
                + " name");
    }

    @Test
    void rejectsMalformedSyncDaemons() {
        fails("node1 LVSSyncDaemonSwap::backup::eth1\n", ":1: 'LVSSyncDaemonSwap::backup::eth1': expected"
                + " LVSSyncDaemonSwap::master::<interface>[::<syncid>]");
        fails("node1 LVSSyncDaemonSwap::master::eth1::300\n", ":1: 'LVSSyncDaemonSwap::master::eth1::300': syncid"
                + " must be 0-255, not '300'");
    }
}
