package org.ldirector.director.ipvs.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ldirector.director.ipvs.netlink.IpvsRequestsTest.hex;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * The kernel's answers, written out by hand in the layout of {@code ip_vs_genl_fill_service},
 * {@code ip_vs_genl_fill_dest}, {@code ip_vs_genl_fill_stats(64)} and the netlink controller, and
 * read back.
 */
class IpvsRepliesTest {

    private static final ServiceKey VIP = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("10.0.0.1:80"));

    private static NetlinkMessage only(String hex) {
        List<NetlinkMessage> m = NetlinkMessage.split(ByteBuffer.wrap(hex(hex)));
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    @Test
    void aPersistentServiceWithStats64() {
        NetlinkMessage m = only("""
                1c010000 2500 0200 05000000 a0860100   # len 284, NLM_F_MULTI, seq 5, our port id
                01 01 0000                             # IPVS_CMD_NEW_SERVICE (dump replies use it)
                0801 0100                              # IPVS_CMD_ATTR_SERVICE, 264 bytes
                  0600 0100 0200 0000                  #   AF_INET
                  0600 0200 0600 0000                  #   TCP
                  1400 0300 0a000001 000000000000000000000000
                  0600 0400 0050 0000                  #   port 80
                  0800 0600 776c6300                   #   "wlc\\0"
                  0c00 0700 03000000 ffffffff          #   flags PERSISTENT|HASHED, mask ~0
                  0800 0800 68010000                   #   timeout 360
                  0800 0900 ffffff00                   #   netmask 255.255.255.0
                  3400 0a00                            #   IPVS_SVC_ATTR_STATS (32-bit, older layout), 52 bytes
                    0800 0100 01000000                 #     conns 1 (ignored: STATS64 wins)
                    0800 0200 02000000
                    0800 0300 03000000
                    0c00 0400 0400000000000000
                    0c00 0500 0500000000000000
                  8000 0c00                            #   IPVS_SVC_ATTR_STATS64, 128 bytes
                    0400 0b00                          #     IPVS_STATS_ATTR_PAD (alignment), ignored
                    0c00 0100 00e40b5402000000         #     conns 10,000,000,000 (needs 64 bits)
                    0c00 0200 6400000000000000         #     inpkts 100
                    0c00 0300 6500000000000000         #     outpkts 101
                    0c00 0400 e803000000000000         #     inbytes 1000
                    0c00 0500 e903000000000000         #     outbytes 1001
                    0c00 0600 0700000000000000         #     cps 7
                    0c00 0700 0800000000000000         #     inpps 8
                    0c00 0800 0900000000000000         #     outpps 9
                    0c00 0900 0a00000000000000         #     inbps 10
                    0c00 0a00 0b00000000000000         #     outbps 11
                """);
        IpvsReplies.Service s = IpvsReplies.service(m).orElseThrow();
        assertThat(s.service()).isEqualTo(new IpvsService(VIP, "wlc", OptionalInt.of(360),
                Optional.of("255.255.255.0"), Optional.empty(), false));
        assertThat(s.counters()).isEqualTo(new IpvsCounters(0, 0, 10_000_000_000L, 100, 101, 1000, 1001, 7, 8, 9, 10, 11));
    }

    @Test
    void aFwmarkServiceWithSchedulerFlagsAndOnlyTheOldStats() {
        NetlinkMessage m = only("""
                80000000 2500 0200 06000000 00000000
                01 01 0000
                6c00 0100
                  0600 0100 0a00 0000                  #   AF_INET6
                  0800 0500 07000000                   #   fwmark 7
                  0700 0600 736800 00                  #   "sh"
                  0c00 0700 1e000000 ffffffff          #   HASHED|ONEPACKET|SCHED1|SCHED2
                  0800 0800 00000000
                  0800 0900 80000000                   #   /128
                  3400 0a00                            #   STATS only (a kernel before 4.1)
                    0800 0100 ffffffff                 #     conns 4294967295: unsigned
                    0800 0200 02000000
                    0800 0300 03000000
                    0c00 0400 0400000000000000
                    0c00 0500 0500000000000000
                """);
        IpvsReplies.Service s = IpvsReplies.service(m).orElseThrow();
        assertThat(s.service()).isEqualTo(new IpvsService(new ServiceKey.Fwmark(7, true), "sh", OptionalInt.empty(),
                Optional.empty(), Optional.of("sh-fallback,sh-port"), true));
        assertThat(s.counters().connections()).isEqualTo(4294967295L);
        assertThat(s.counters().bytesOut()).isEqualTo(5);
        assertThat(s.counters().connectionsPerSecond()).isZero();   // absent attributes of the old layout read as 0
    }

    @Test
    void anSctpServiceIsSkippedAsTheListingParserSkipsIt() {
        NetlinkMessage m = only("""
                28000000 2500 0200 06000000 00000000
                01 01 0000
                1400 0100
                  0600 0100 0200 0000                  #   AF_INET
                  0600 0200 8400 0000                  #   IPPROTO_SCTP
                """);
        assertThat(IpvsReplies.service(m)).isEmpty();
    }

    @Test
    void aDestinationWithConnectionsAndSomeStats64() {
        NetlinkMessage m = only("""
                a8000000 2500 0200 07000000 00000000   # len 168
                05 01 0000                             # IPVS_CMD_NEW_DEST
                9400 0200                              # IPVS_CMD_ATTR_DEST, 148 bytes
                  1400 0100 0a000002 000000000000000000000000
                  0600 0200 1f90 0000                  #   port 8080
                  0800 0300 00000000                   #   MASQ
                  0800 0400 03000000                   #   weight 3
                  0800 0500 0a000000                   #   u_thresh 10
                  0800 0600 05000000                   #   l_thresh 5
                  0800 0700 0c000000                   #   active 12
                  0800 0800 22000000                   #   inactive 34
                  0800 0900 00000000                   #   persistent 0
                  0600 0b00 0200 0000                  #   AF_INET
                  3400 0c00                            #   STATS64, 52 bytes: only some counters
                    0c00 0100 0500000000000000         #     conns 5
                    0c00 0400 0010000000000000         #     inbytes 4096
                    0c00 0600 0100000000000000         #     cps 1
                    0c00 0a00 0200000000000000         #     outbps 2
                """);
        IpvsReplies.Destination d = IpvsReplies.destination(m, false);
        assertThat(d.destination()).isEqualTo(new IpvsDestination(Endpoint.parse("10.0.0.2:8080"), Forwarding.MASQ, 3, 10, 5));
        assertThat(d.counters()).isEqualTo(new IpvsCounters(12, 34, 5, 0, 0, 4096, 0, 1, 0, 0, 0, 2));
    }

    @Test
    void aDestinationAndItsCounters() {
        NetlinkMessage m = only("""
                64000000 2500 0200 07000000 00000000   # len 100
                05 01 0000
                5000 0200                              # IPVS_CMD_ATTR_DEST, 80 bytes
                  1400 0100 20010db8000000000000000000000002   # 2001:db8::2
                  0600 0200 0050 0000
                  0800 0300 02000000                   #   TUNNEL
                  0800 0400 00000000                   #   weight 0
                  0800 0500 00000000
                  0800 0600 00000000
                  0800 0700 ffffffff                   #   active 4294967295
                  0800 0800 01000000
                """);
        IpvsReplies.Destination d = IpvsReplies.destination(m, true);   // no ADDR_FAMILY: the service's (IPv6)
        assertThat(d.destination()).isEqualTo(new IpvsDestination(Endpoint.parse("[2001:db8::2]:80"), Forwarding.IPIP, 0, 0, 0));
        assertThat(d.counters().activeConnections()).isEqualTo(4294967295L);
        assertThat(d.counters().inactiveConnections()).isEqualTo(1);
        assertThat(d.counters().connections()).isZero();
    }

    @Test
    void aLocalRealHasNoForwardingMethod() {
        NetlinkMessage m = only("""
                5c000000 2500 0200 07000000 00000000
                05 01 0000
                4800 0200
                  1400 0100 7f000001 000000000000000000000000
                  0600 0200 0050 0000
                  0800 0300 01000000                   #   IP_VS_CONN_F_LOCALNODE
                  0800 0400 01000000
                  0800 0500 00000000
                  0800 0600 00000000
                  0600 0b00 0200 0000
                """);
        IpvsReplies.Destination d = IpvsReplies.destination(m, false);
        assertThat(d.destination().forwarding()).isNull();
        assertThat(d.destination().endpoint()).isEqualTo(Endpoint.parse("127.0.0.1:80"));
    }

    @Test
    void aSyncDaemon() {
        NetlinkMessage m = only("""
                30000000 2500 0200 08000000 00000000
                0b 01 0000                             # IPVS_CMD_GET_DAEMON's answer
                1c00 0300
                  0800 0100 02000000                   #   BACKUP
                  0800 0200 6261636b                   #   "back" without NUL room: read to the end
                  0800 0300 34000000                   #   syncid 52
                """);
        IpvsReplies.Daemon d = IpvsReplies.daemon(m);
        assertThat(d).isEqualTo(new IpvsReplies.Daemon(IpvsRequests.STATE_BACKUP, "back", 52));
        assertThat(d.stateName()).isEqualTo("backup");
    }

    @Test
    void theControllerAnswerThenItsAck() throws Exception {
        List<NetlinkMessage> replies = NetlinkMessage.split(ByteBuffer.wrap(hex("""
                30000000 1000 0000 01000000 a0860100   # GENL_ID_CTRL, seq 1
                01 02 0000                             # CTRL_CMD_NEWFAMILY, version 2
                0600 0100 2500 0000                    # CTRL_ATTR_FAMILY_ID 0x25
                0900 0200 49505653 00 000000           # CTRL_ATTR_FAMILY_NAME "IPVS"
                0800 0300 01000000                     # CTRL_ATTR_VERSION 1
                24000000 0200 0001 01000000 a0860100   # NLMSG_ERROR, NLM_F_CAPPED
                00000000                               # error 0: the ACK
                20000000 1000 0500 01000000 00000000   # the request's header
                """)));
        assertThat(replies).hasSize(2);
        assertThat(FamilyResolver.family(replies, 1, "IPVS")).isEqualTo(new FamilyResolver.Family("IPVS", 0x25, 1));
    }

    @Test
    void noIpvsInTheKernel() {
        List<NetlinkMessage> replies = NetlinkMessage.split(ByteBuffer.wrap(hex("""
                24000000 0200 0001 01000000 a0860100
                feffffff                               # -ENOENT
                20000000 1000 0500 01000000 00000000
                """)));
        assertThatThrownBy(() -> FamilyResolver.family(replies, 1, "IPVS")).isInstanceOf(IpvsException.class)
                .hasMessage("the kernel has no generic netlink family IPVS: No such file or directory (ENOENT);"
                        + " is the ip_vs module available?");
    }

    @Test
    void aTruncatedMessageIsAnError() {
        assertThatThrownBy(() -> NetlinkMessage.split(ByteBuffer.wrap(hex("30000000 2500 0200 08000000 00000000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }
}
