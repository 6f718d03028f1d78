package org.ldirector.director.ipvs.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.util.Optional;
import java.util.OptionalInt;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.director.ipvs.IpvsUsageException;
import org.ldirector.director.ipvs.IpvsadmLine;

/**
 * The requests, byte for byte, against layouts written out by hand from
 * {@code include/uapi/linux/netlink.h}, {@code genetlink.h} and {@code ip_vs.h} (little-endian host,
 * NLA_ALIGNTO 4): each line below is one header or one attribute ({@code nla_len nla_type payload pad}).
 */
class IpvsRequestsTest {

    private static final int FAMILY = 0x25;

    @BeforeAll
    static void littleEndianHost() {
        assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("#[^\n]*", "").replaceAll("\\s+", ""));
    }

    private static byte[] encode(String ipvsadmLine, int seq) throws Exception {
        IpvsCommand c = IpvsadmLine.parse(ipvsadmLine);
        NetlinkWriter w = new NetlinkWriter(16);   // small on purpose: the buffer must grow
        IpvsRequests.command(w, FAMILY, seq, c);
        return w.toByteArray();
    }

    @Test
    void addDestinationWithThresholds() throws Exception {
        assertThat(encode("-a -t 10.0.0.1:80 -x 10 -y 5 -r 10.0.0.2:8080 -m -w 3", 7)).isEqualTo(hex("""
                8c000000 2500 0500 07000000 00000000   # nlmsghdr: len 140, family 0x25, REQUEST|ACK, seq 7, pid 0
                05 01 0000                             # genlmsghdr: IPVS_CMD_NEW_DEST, version 1
                3000 0100                              # IPVS_CMD_ATTR_SERVICE, 48 bytes
                  0600 0100 0200 0000                  #   AF = AF_INET, padded
                  0600 0200 0600 0000                  #   PROTOCOL = IPPROTO_TCP
                  1400 0300 0a000001 000000000000000000000000   # ADDR: union nf_inet_addr
                  0600 0400 0050 0000                  #   PORT 80, network order
                4800 0200                              # IPVS_CMD_ATTR_DEST, 72 bytes
                  1400 0100 0a000002 000000000000000000000000   # ADDR
                  0600 0200 1f90 0000                  #   PORT 8080 (masq keeps the real's port)
                  0600 0b00 0200 0000                  #   ADDR_FAMILY = AF_INET
                  0800 0300 00000000                   #   FWD_METHOD = IP_VS_CONN_F_MASQ
                  0800 0400 03000000                   #   WEIGHT 3
                  0800 0500 0a000000                   #   U_THRESH 10
                  0800 0600 05000000                   #   L_THRESH 5
                """));
    }

    @Test
    void aWeightAbove65535GoesToTheKernelAsIpvsadm131SendsIt() throws Exception {
        // Debian's ipvsadm 1.31 takes -w 0..INT_MAX (seen in the real-IPVS guest: -w 70000 is applied).
        byte[] b = encode("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 70000", 1);
        assertThat(HexFormat.of().formatHex(b)).contains("0800040070110100");   // WEIGHT 70000, little-endian
        assertThat(HexFormat.of().formatHex(encode("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 2147483647", 1)))
                .contains("08000400ffffff7f");
        assertThatThrownBy(() -> encode("-a -t 10.0.0.1:80 -r 10.0.0.2 -w 2147483648", 1))
                .isInstanceOf(IpvsUsageException.class).hasMessageContaining("illegal weight specified");
    }

    @Test
    void withinAChunkOnlyTheLastRequestAsksForAnAck() throws Exception {
        NetlinkWriter w = new NetlinkWriter(16);
        IpvsRequests.command(w, FAMILY, 7, IpvsadmLine.parse("-a -t 10.0.0.1:80 -x 10 -y 5 -r 10.0.0.2:8080 -m -w 3"), false);
        byte[] noAck = w.toByteArray();
        assertThat(new byte[] {noAck[6], noAck[7]}).isEqualTo(hex("0100"));   // NLM_F_REQUEST alone
        noAck[6] = 5;   // otherwise the very same bytes as with NLM_F_ACK
        assertThat(noAck).isEqualTo(encode("-a -t 10.0.0.1:80 -x 10 -y 5 -r 10.0.0.2:8080 -m -w 3", 7));
    }

    @Test
    void aGatewayedRealGetsTheVirtualsPortAsIpvsadmGivesIt() throws Exception {
        byte[] b = encode("-e -t 10.0.0.1:80 -r 10.0.0.2:8080 -g -w 0", 1);
        // DEST nest starts at 16 + 4 + 48; its PORT attribute after the 20-byte ADDR
        int port = 16 + 4 + 48 + 4 + 20;
        assertThat(b[16]).isEqualTo((byte) IpvsRequests.CMD_SET_DEST);
        assertThat(new byte[] {b[port + 4], b[port + 5]}).isEqualTo(hex("0050"));
        assertThat(new byte[] {b[port + 8 + 8 + 4]}).isEqualTo(hex("03"));   // FWD_METHOD = DROUTE
    }

    @Test
    void persistentServiceWithNetmaskAndSchedulerFlags() throws Exception {
        assertThat(encode("-A -t 10.0.0.1:443 -s sh -p 300 -M 255.255.255.0 -b sh-port", 2)).isEqualTo(hex("""
                68000000 2500 0500 02000000 00000000   # len 104, NEW_SERVICE
                01 01 0000
                5400 0100                              # IPVS_CMD_ATTR_SERVICE, 84 bytes
                  0600 0100 0200 0000                  #   AF_INET
                  0600 0200 0600 0000                  #   TCP
                  1400 0300 0a000001 000000000000000000000000
                  0600 0400 01bb 0000                  #   PORT 443
                  0700 0600 736800 00                  #   SCHED_NAME "sh\\0", padded
                  0c00 0700 11000000 ffffffff          #   FLAGS: PERSISTENT|SCHED2 (sh-port), mask ~0
                  0800 0800 2c010000                   #   TIMEOUT 300
                  0800 0900 ffffff00                   #   NETMASK 255.255.255.0, network order
                """));
    }

    @Test
    void aNonPersistentServiceSendsTheDefaultMaskAndNoTimeout() throws Exception {
        byte[] b = encode("-E -u 10.0.0.1:53 -o -s rr", 3);
        assertThat(b).endsWith(hex("""
                  0700 0600 727200 00                  #   SCHED_NAME "rr"
                  0c00 0700 04000000 ffffffff          #   FLAGS: ONEPACKET
                  0800 0800 00000000                   #   TIMEOUT 0
                  0800 0900 ffffffff                   #   NETMASK /32 (ipvsadm's default)
                """));
        assertThat(b[16]).isEqualTo((byte) IpvsRequests.CMD_SET_SERVICE);
    }

    @Test
    void fwmarkIpv6ServiceByItsMark() throws Exception {
        assertThat(encode("-D -f 7 -6", 4)).isEqualTo(hex("""
                28000000 2500 0500 04000000 00000000   # len 40, DEL_SERVICE
                03 01 0000
                1400 0100
                  0600 0100 0a00 0000                  #   AF = AF_INET6
                  0800 0500 07000000                   #   FWMARK 7
                """));
    }

    @Test
    void ipv6PersistenceMaskIsAHostOrderPrefixLength() throws Exception {
        byte[] b = encode("-A -t [2001:db8::1]:80 -p 60 -M 64", 5);
        assertThat(b).endsWith(hex("0800 0900 40000000"));
        assertThat(encode("-A -t [2001:db8::1]:80 -p 60", 5)).endsWith(hex("0800 0900 80000000"));
    }

    @Test
    void deleteDestinationByAddressAndPort() throws Exception {
        assertThat(encode("-d -t 10.0.0.1:80 -r 10.0.0.3", 9)).isEqualTo(hex("""
                6c000000 2500 0500 09000000 00000000   # len 108, DEL_DEST
                07 01 0000
                3000 0100
                  0600 0100 0200 0000
                  0600 0200 0600 0000
                  1400 0300 0a000001 000000000000000000000000
                  0600 0400 0050 0000
                2800 0200                              # IPVS_CMD_ATTR_DEST, 40 bytes
                  1400 0100 0a000003 000000000000000000000000
                  0600 0200 0050 0000                  #   the virtual's port (ipvsadm copies it)
                  0600 0b00 0200 0000
                """));
    }

    @Test
    void syncDaemonStartAndStop() {
        NetlinkWriter w = new NetlinkWriter();
        IpvsRequests.startDaemon(w, FAMILY, 11, IpvsRequests.STATE_MASTER, "eth0", 52);
        IpvsRequests.stopDaemon(w, FAMILY, 12, IpvsRequests.STATE_BACKUP);
        assertThat(w.messages()).isEqualTo(2);
        assertThat(w.toByteArray()).isEqualTo(hex("""
                34000000 2500 0500 0b000000 00000000   # len 52, NEW_DAEMON
                09 01 0000
                2000 0300                              # IPVS_CMD_ATTR_DAEMON, 32 bytes
                  0800 0100 01000000                   #   STATE = IP_VS_STATE_MASTER
                  0900 0200 65746830 00 000000         #   MCAST_IFN "eth0\\0", padded
                  0800 0300 34000000                   #   SYNC_ID 52
                20000000 2500 0500 0c000000 00000000   # len 32, DEL_DAEMON
                0a 01 0000
                0c00 0300
                  0800 0100 02000000                   #   STATE = IP_VS_STATE_BACKUP
                """));
    }

    @Test
    void dumpRequests() {
        NetlinkWriter w = new NetlinkWriter();
        IpvsRequests.dumpServices(w, FAMILY, 1);
        assertThat(w.toByteArray()).isEqualTo(hex("14000000 2500 0103 01000000 00000000 04 01 0000"));
        w.clear();
        IpvsRequests.dumpDestinations(w, FAMILY, 2, new ServiceKey.Fwmark(-1, false));
        assertThat(w.toByteArray()).isEqualTo(hex("""
                28000000 2500 0103 02000000 00000000 08 01 0000   # GET_DEST, REQUEST|DUMP
                1400 0100 0600 0100 0200 0000 0800 0500 ffffffff  # fwmark 4294967295
                """));
    }

    @Test
    void familyRequest() {
        NetlinkWriter w = new NetlinkWriter();
        FamilyResolver.request(w, 1, "IPVS");
        assertThat(w.toByteArray()).isEqualTo(hex("""
                20000000 1000 0500 01000000 00000000   # GENL_ID_CTRL, REQUEST|ACK
                03 01 0000                             # CTRL_CMD_GETFAMILY
                0900 0200 49505653 00 000000           # CTRL_ATTR_FAMILY_NAME "IPVS\\0"
                """));
    }

    @Test
    void whatIpvsadmRefusesIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> encode("-a -t 10.0.0.1:80 -r 10.0.0.2 -w -1", 1))
                .isInstanceOf(IpvsUsageException.class).hasMessageContaining("illegal weight specified");
        NetlinkWriter w = new NetlinkWriter();
        ServiceKey key = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("10.0.0.1:80"));
        IpvsService sh = new IpvsService(key, "sh", OptionalInt.empty(), Optional.empty(), Optional.of("mh-port"), false);
        assertThatThrownBy(() -> IpvsRequests.command(w, FAMILY, 1, new IpvsCommand.AddService(sh)))
                .isInstanceOf(IpvsUsageException.class).hasMessageContaining("incompatible scheduler flag");
    }
}
