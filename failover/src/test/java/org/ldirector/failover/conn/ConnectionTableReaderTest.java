package org.ldirector.failover.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTableReaderTest {

    /** As ip_vs_conn_seq_show prints it (kernel 6.x): IPv4 in hex, IPv6 with %pI6, a SIP engine entry. */
    private static final String PROC = """
            Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
            TCP C0A80006 C816 AC100064 01BB 0A000011 01BB ESTABLISHED     867
            TCP C0A80006 9A36 AC100064 0050 0A000011 0050 FIN_WAIT         65
            IP  C0A80006 0000 0000000A 0000 0A000011 0000 NONE            948
            TCP C0A80006 0000 AC100064 0050 0A000011 0050 NONE            300
            UDP 2001:0db8:0000:0000:0000:0000:0000:0005 D431 2001:0db8:0000:0000:0000:0000:0000:0064 0035 2001:0db8:0000:0000:0000:0000:0000:0011 0035 UDP             299
            TCP C0A80006 9A4E AC100064 0050 2001:0db8:0000:0000:0000:0000:0000:0011 0050 SYN_RECV         59
            UDP C0A80006 13C4 AC100064 13C4 0A000011 13C4 UDP             180 sip 3c26700d7b51-2ofg2g8k9ilz
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryKindOfEntry() throws Exception {
        Path f = dir.resolve("ip_vs_conn");
        Files.writeString(f, PROC);
        List<IpvsConnection> table = ConnectionTableReader.read(f, dir.resolve("ip_vs_conn_v6"));
        assertThat(table).hasSize(7);
        assertThat(table.get(0)).isEqualTo(new IpvsConnection("TCP", InetAddress.getByName("192.168.0.6"), 51222,
                InetAddress.getByName("172.16.0.100"), 443, InetAddress.getByName("10.0.0.17"), 443, "ESTABLISHED",
                867, "", ""));
        assertThat(table.get(2).virtualAddress()).isEqualTo(InetAddress.getByName("0.0.0.10")); // fwmark 10 template
        assertThat(table.get(4).clientAddress()).isEqualTo(InetAddress.getByName("2001:db8::5"));
        assertThat(table.get(5).destinationAddress()).isEqualTo(InetAddress.getByName("2001:db8::11"));
        assertThat(table.get(6).peName()).isEqualTo("sip");
        assertThat(table.get(6).peData()).isEqualTo("3c26700d7b51-2ofg2g8k9ilz");
    }

    @Test
    void readsASeparateV6FileWhereAKernelHasOne() throws Exception {
        Files.writeString(dir.resolve("v4"), "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires\n");
        Files.writeString(dir.resolve("v6"), "Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires\n"
                + "TCP 2001:db8::5 0050 2001:db8::64 0050 2001:db8::11 0050 ESTABLISHED 10\n");
        assertThat(ConnectionTableReader.read(dir.resolve("v4"), dir.resolve("v6"))).hasSize(1);
    }

    @Test
    void aMissingTableIsEmptyAndAGarbledLineIsAnError() throws Exception {
        assertThat(ConnectionTableReader.read(dir.resolve("none"))).isEmpty();
        Path f = dir.resolve("bad");
        Files.writeString(f, "Pro FromIP\nTCP C0A8 C816 AC100064 01BB 0A000011 01BB ESTABLISHED 1\n");
        assertThatThrownBy(() -> ConnectionTableReader.read(f)).isInstanceOf(IOException.class)
                .hasMessage(f + ":2: not an IPVS connection entry: TCP C0A8 C816 AC100064 01BB 0A000011 01BB"
                        + " ESTABLISHED 1");
    }

    @Test
    void anEndlessLineIsAnErrorAtItsLimitNotAnOutOfMemoryError() throws Exception {
        // /dev/zero is one line that never ends: BufferedReader.readLine() would hold it until the heap is gone.
        assertThatThrownBy(() -> ConnectionTableReader.read(Path.of("/dev/zero"))).isInstanceOf(IOException.class)
                .hasMessage("/dev/zero:1: not an IPVS connection entry: line longer than 1024 characters");
        Path f = dir.resolve("long");
        String entry = "UDP C0A80006 13C4 AC100064 13C4 0A000011 13C4 UDP             180 sip ";
        Files.writeString(f, PROC + entry + "x".repeat(1024 - entry.length() + 1) + "\n");
        assertThatThrownBy(() -> ConnectionTableReader.read(f)).isInstanceOf(IOException.class)
                .hasMessage(f + ":9: not an IPVS connection entry: line longer than 1024 characters");
        Files.writeString(f, PROC + entry + "x".repeat(1024 - entry.length()) + "\r\n");
        assertThat(ConnectionTableReader.read(f)).hasSize(8);
    }

    @Test
    void rendersLikeIpvsadmLnc() throws Exception {
        Path f = dir.resolve("ip_vs_conn");
        Files.writeString(f, PROC);
        assertThat(ConnectionListing.render(ConnectionTableReader.read(f))).isEqualTo("""
                IPVS connection entries
                pro expire state       source             virtual            destination
                TCP 14:27  ESTABLISHED 192.168.0.6:51222  172.16.0.100:443   10.0.0.17:443
                TCP 01:05  FIN_WAIT    192.168.0.6:39478  172.16.0.100:80    10.0.0.17:80
                IP  15:48  NONE        192.168.0.6:0      0.0.0.10:0         10.0.0.17:0
                TCP 05:00  NONE        192.168.0.6:0      172.16.0.100:80    10.0.0.17:80
                UDP 04:59  UDP         [2001:db8::5]:54321 [2001:db8::64]:53  [2001:db8::11]:53
                TCP 00:59  SYN_RECV    192.168.0.6:39502  172.16.0.100:80    [2001:db8::11]:80
                UDP 03:00  UDP         192.168.0.6:5060   172.16.0.100:5060  10.0.0.17:5060
                """);
    }

    @Test
    void rendersAnEmptyTableAsIpvsadmDoes() {
        assertThat(ConnectionListing.render(List.of())).isEqualTo("IPVS connection entries\n"
                + "pro expire state       source             virtual            destination\n");
    }
}
