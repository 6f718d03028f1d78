package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.service;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** ipvsadm 1.31's -L -n, -L -n --thresholds and -S -n layouts, and reading them back. */
class IpvsListingTest {

    /** The table used throughout, as ldirectord-style commands. */
    static final List<String> COMMANDS = List.of(
            "-A -t 10.0.0.1:80 -s wlc",
            "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -g -w 1",
            "-a -t 10.0.0.1:80 -x 100 -y 10 -r 10.0.0.3:8080 -m -w 2",
            "-A -t 192.168.1.1:80 -s rr -p 300 -M 255.255.255.0",
            "-A -u [2001:db8::1]:53 -o -s sh -b sh-port,sh-fallback",
            "-A -f 3 -s wrr",
            "-a -f 3 -r 10.0.0.9:443 -g -w 0",
            "-A -f 7 -6 -s wlc -p 360 -M 64",
            "-a -f 7 -6 -x 5 -y 0 -r [2001:db8::9]:80 -i -w 1");

    // Real lines end in "%-10u" of InActConn: the trailing blanks are part of ipvsadm's output.
    static final String LIST = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.168.1.1:80 rr persistent 300 mask 255.255.255.0
            TCP  10.0.0.1:80 wlc
              -> 10.0.0.2:80                  Route   1      0          0\s\s\s\s\s\s\s\s\s
              -> 10.0.0.3:8080                Masq    2      0          0\s\s\s\s\s\s\s\s\s
            UDP  [2001:db8::1]:53 sh (sh-fallback,sh-port) ops
            FWM  3 wrr
              -> 10.0.0.9:443                 Route   0      0          0\s\s\s\s\s\s\s\s\s
            FWM  7 IPv6 wlc persistent 360 mask 64
              -> [2001:db8::9]:80             Tunnel  1      0          0\s\s\s\s\s\s\s\s\s
            """;

    static final String THRESHOLDS = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\s
              -> RemoteAddress:Port
            TCP  192.168.1.1:80 rr persistent 300 mask 255.255.255.0
            TCP  10.0.0.1:80 wlc
              -> 10.0.0.2:80                  0          0          0          0\s\s\s\s\s\s\s\s\s
              -> 10.0.0.3:8080                100        10         0          0\s\s\s\s\s\s\s\s\s
            UDP  [2001:db8::1]:53 sh (sh-fallback,sh-port) ops
            FWM  3 wrr
              -> 10.0.0.9:443                 0          0          0          0\s\s\s\s\s\s\s\s\s
            FWM  7 IPv6 wlc persistent 360 mask 64
              -> [2001:db8::9]:80             5          0          0          0\s\s\s\s\s\s\s\s\s
            """;

    static final String SAVE = """
            -A -t 192.168.1.1:80 -s rr -p 300 -M 255.255.255.0
            -A -t 10.0.0.1:80 -s wlc
            -a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1
            -a -t 10.0.0.1:80 -r 10.0.0.3:8080 -m -w 2
            -A -u [2001:db8::1]:53 -s sh -o -b sh-fallback,sh-port
            -A -f 3 -s wrr
            -a -f 3 -r 10.0.0.9:443 -g -w 0
            -A -f 7 -6 -s wlc -p 360 -M 64
            -a -f 7 -6 -r [2001:db8::9]:80 -i -w 1 --tun-type ipip
            """;

    static IpvsTable table() throws IpvsException {
        IpvsTable t = IpvsTable.EMPTY;
        for (String c : COMMANDS) {
            t = t.apply(IpvsadmLine.parse(c));
        }
        return t;
    }

    @Test
    void listIsByteForByteIpvsadm() throws IpvsException {
        assertThat(IpvsListing.list(table())).isEqualTo(LIST);
    }

    @Test
    void thresholdsListingIsByteForByteIpvsadm() throws IpvsException {
        assertThat(IpvsListing.listThresholds(table())).isEqualTo(THRESHOLDS);
    }

    @Test
    void saveIsByteForByteIpvsadm() throws IpvsException {
        assertThat(IpvsListing.save(table())).isEqualTo(SAVE);
    }

    @Test
    void listAndThresholdsReadBackToTheSameTable() throws IpvsException {
        assertThat(IpvsListing.parseList(LIST, THRESHOLDS).table()).isEqualTo(table());
    }

    @Test
    void listAloneReadsBackWithoutThresholds() throws IpvsException {
        IpvsTable t = IpvsListing.parseList(LIST).table();
        assertThat(t.destination(tcp("10.0.0.1:80"), Endpoint.parse("10.0.0.3:8080")).orElseThrow())
                .isEqualTo(real("10.0.0.3:8080", Forwarding.MASQ, 2, 0, 0));
        assertThat(t.services().keySet()).isEqualTo(table().services().keySet());
    }

    @Test
    void saveReadsBackToTheSameTableButForTheThresholds() throws IpvsException {
        IpvsTable fromSave = IpvsListing.parseSave(SAVE);
        assertThat(IpvsListing.list(fromSave)).isEqualTo(LIST);
        assertThat(fromSave.destination(new ServiceKey.Fwmark(7, true), Endpoint.parse("[2001:db8::9]:80"))
                .orElseThrow().upperThreshold()).isZero();
    }

    @Test
    void persistenceWithMaskRoundTrips() throws IpvsException {
        IpvsTable t = IpvsListing.parseList(LIST).table();
        IpvsService s = t.service(tcp("192.168.1.1:80")).orElseThrow().service();
        assertThat(s.persistence()).hasValue(300);
        assertThat(s.netmask()).contains("255.255.255.0");
        IpvsService v6 = t.service(new ServiceKey.Fwmark(7, true)).orElseThrow().service();
        assertThat(v6.persistence()).hasValue(360);
        assertThat(v6.netmask()).contains("64");
    }

    @Test
    void localRealIsShownAsLocalReadAsNoForwardingAndSavedAsGate() throws IpvsException {
        ServiceKey vip = tcp("10.0.0.1:80");
        IpvsTable t = new IpvsTable(new TreeMap<>(Map.of(vip, new IpvsTable.Entry(service(vip, "wlc"),
                new TreeMap<>(Map.of(Endpoint.parse("127.0.0.1:80"), real("127.0.0.1:80", null, 1)))))));
        String list = IpvsListing.list(t);
        assertThat(list).contains("  -> 127.0.0.1:80                 Local   1      0          0         \n");
        assertThat(IpvsListing.parseList(list).table()).isEqualTo(t);
        assertThat(IpvsListing.save(t)).contains("-a -t 10.0.0.1:80 -r 127.0.0.1:80 -g -w 1\n");
    }

    @Test
    void servicesFollowIpvsadmsWrappingAddressOrder() throws IpvsException {
        // ipvs_cmp_services subtracts two unsigned addresses into an int: the order is circular,
        // 172.16.x before 192.168.x before 10.x; reals the same way
        IpvsTable t = IpvsTable.EMPTY;
        for (String vip : List.of("10.0.0.1:80", "192.168.1.1:80", "10.0.0.1:22", "172.16.0.1:80")) {
            t = t.apply(new IpvsCommand.AddService(service(tcp(vip), "wlc")));
            t = t.apply(new IpvsCommand.AddDestination(tcp(vip), real(vip.replace(".1:", ".200:"), Forwarding.MASQ, 1)));
            t = t.apply(new IpvsCommand.AddDestination(tcp(vip), real("10.9.9.9:80", Forwarding.MASQ, 1)));
        }
        assertThat(IpvsListing.list(t).lines().skip(3).filter(l -> l.startsWith("TCP")).toList()).containsExactly(
                "TCP  172.16.0.1:80 wlc", "TCP  192.168.1.1:80 wlc", "TCP  10.0.0.1:22 wlc", "TCP  10.0.0.1:80 wlc");
        assertThat(IpvsListing.list(t).lines().skip(4).limit(2).map(l -> l.substring(0, 20)).toList())
                .containsExactly("  -> 172.16.0.200:80", "  -> 10.9.9.9:80    ");
    }

    @Test
    void extraColumnsGoAfterInActConnAndTheirTitleAfterTheHeader() throws IpvsException {
        IpvsListing.Extras extras = IpvsListing.Extras.columns("Health  Last check   Failures",
                (service, real) -> real.weight() > 0 ? "up      ok           0" : "down    timeout      3");
        String[] lines = IpvsListing.list(table(), extras).split("\n");
        assertThat(lines[2]).isEqualTo("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"
                + " Health  Last check   Failures");
        assertThat(lines[5]).isEqualTo("  -> 10.0.0.2:80                  Route   1      0          0         "
                + "up      ok           0");
        assertThat(lines[5].indexOf("up")).isEqualTo(lines[2].indexOf("Health"));
        assertThat(lines[9]).endsWith("0          0         down    timeout      3");
    }

    @Test
    void connectionCountsFillTheirColumnsAndAreReadBack() throws IpvsException {
        ServiceKey vip = tcp("10.0.0.1:80");
        IpvsListing.Extras extras = IpvsListing.Extras.NONE.withConnections((service, real) ->
                real.equals(Endpoint.parse("10.0.0.2:80")) ? new IpvsListing.Connections(12, 345)
                        : IpvsListing.Connections.NONE);
        String list = IpvsListing.list(table(), extras);
        assertThat(list).contains("  -> 10.0.0.2:80                  Route   1      12         345       \n");
        IpvsListing.Parsed parsed = IpvsListing.parseList(list);
        assertThat(parsed.of(vip, Endpoint.parse("10.0.0.2:80"))).isEqualTo(new IpvsListing.Connections(12, 345));
        assertThat(parsed.of(vip, Endpoint.parse("10.0.0.3:8080"))).isEqualTo(IpvsListing.Connections.NONE);
    }

    @Test
    void anUnknownLineIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> IpvsListing.parseList("IP Virtual Server version 1.2.1 (size=4096)\nwhat is this\n"))
                .isInstanceOf(IpvsException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("what is this");
    }

    @Test
    void sctpServicesAreSkippedWithTheirReals() throws IpvsException {
        String list = """
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  10.0.0.1:80 wlc
                SCTP 10.0.0.1:9 rr
                  -> 10.0.0.2:9                   Masq    1      0          0
                """;
        assertThat(IpvsListing.parseList(list).table().services()).containsOnlyKeys(tcp("10.0.0.1:80"));
    }

    @Test
    void listingsThatDisagreeAreReported() throws IpvsException {
        String otherThresholds = THRESHOLDS.replace("  -> 10.0.0.9:443                 0          0          0          0         \n", "");
        assertThatThrownBy(() -> IpvsListing.parseList(LIST, otherThresholds))
                .isInstanceOf(ListingParser.ListingsDisagree.class);
    }
}
