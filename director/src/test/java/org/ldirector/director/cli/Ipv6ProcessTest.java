package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 end to end: our daemon as a separate process with {@code virtual6=}/{@code real6=} virtuals
 * (http, https, connect, dns, simpletcp, sip, external) whose reals are real servers on {@code ::1},
 * and an IPv6 firewall-mark virtual with a per-virtual {@code fallback6}. Asserts ipvsadm's IPv6
 * forms ({@code -t [::1]:80 -r [::1]:8080}, {@code -f 100 -6}) in the stand-in's trace, the log lines
 * and the table, at start and when every server stops and starts again.
 */
class Ipv6ProcessTest {

    private static final String FWMARK = "100";

    @TempDir
    Path dir;

    private final List<Backend> backends = new ArrayList<>();
    private DaemonUnderTest daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.run("stop");
        }
        for (Backend b : backends) {
            b.peer().close();
        }
    }

    @Test
    void ipv6VirtualsRealsAndFwmarkFallbackFollowTheirServers() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
        assertThat(lo != null && Collections.list(lo.getInetAddresses()).contains(v6))
                .as("::1 on the loopback interface (ip -6 addr show lo)").isTrue();

        String page = "request=\"health\"\nreceive=\"" + TestPeers.PAGE + "\"\n";
        add("http", "[::1]:80", "tcp", "service=http\n" + page, Peer.restartable(p -> TestPeers.http(v6, p)));
        add("https", "[::1]:443", "tcp", "service=https\n" + page, Peer.restartable(p -> TestPeers.https(v6, p)));
        add("connect", "[::1]:7001", "tcp", "checktype=connect\n",
                Peer.restartable(p -> TestPeers.greeting(v6, p, AllServicesProcessTest.PROBE_OK)));
        add("dns", "[::1]:53", "udp", "service=dns\nrequest=\"www.example.test\"\nreceive=\"127.0.10.1\"\n",
                Peer.restartable(p -> TestPeers.dns(v6, p)));
        add("simpletcp", "[::1]:7000", "tcp", "service=simpletcp\nrequest=\"PING\"\nreceive=\"^PONG\"\n",
                Peer.restartable(p -> TestPeers.pong(v6, p)));
        add("sip", "[::1]:5060", "udp", "service=sip\n", Peer.restartable(p -> TestPeers.sip(v6, p)));
        add("external", "[::1]:7002", "tcp", "checktype=external\ncheckcommand=\""
                + AllServicesProcessTest.externalScript(dir) + "\"\n",
                Peer.restartable(p -> TestPeers.greeting(v6, p, AllServicesProcessTest.PROBE_OK)));
        Peer marked = Peer.restartable(p -> TestPeers.greeting(v6, p, AllServicesProcessTest.PROBE_OK));
        String fallback = "[::1]:9";
        int even = backends.size() + backends.size() % 2; // not quiescent: the fallback comes in when the last real is deleted
        Backend fwmark = Backend.of(even, "fwmark", true, FWMARK, "fwm",
                "checktype=connect\nfallback6=" + fallback + " masq\n", "[::1]:" + marked.port(), "[::1]:" + marked.port(), "masq", marked);
        backends.add(fwmark);

        daemon = new DaemonUnderTest(dir);
        Backend.start(daemon, backends);
        DaemonUnderTest.Mark origin = new DaemonUnderTest.Mark(0, 0);
        // the exact IPv6 forms
        assertThat(daemon.ranSince(origin, "-A -t [::1]:80 -s wrr")).isTrue();
        assertThat(daemon.ranSince(origin, "-A -u [::1]:53 -s wrr")).isTrue();
        assertThat(daemon.ranSince(origin, "-A -f 100 -6 -s wrr")).isTrue();
        assertThat(daemon.logged("Added virtual server: 100")).isTrue();
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("fallback server"));

        // Every server down and up again; the fwmark virtual's fallback comes in while its only real is out.
        DaemonUnderTest.Mark beforeStop = daemon.mark();
        Backend.toggle(daemon, backends, backends);
        assertThat(daemon.loggedSince(beforeStop, "Added fallback server: " + fallback + " (100) (Weight set to 1)")).isTrue();
        assertThat(daemon.ranSince(beforeStop, "-a -f 100 -6 -x 0 -y 0 -r " + fallback + " -m -w 1")).isTrue();
        assertThat(daemon.loggedSince(beforeStop, "Deleted fallback server: " + fallback + " (100)")).isTrue();
        assertThat(daemon.ranSince(beforeStop, "-d -f 100 -6 -r " + fallback)).isTrue();
        List<String> changes = daemon.logLines().subList(beforeStop.logLines(), daemon.logLines().size());
        assertThat(changes.indexOf(changes.stream().filter(l -> l.endsWith("Added fallback server: " + fallback + " (100) (Weight set to 1)"))
                .findFirst().orElseThrow())).as("the fallback goes in before the last real goes out")
                .isLessThan(changes.indexOf(changes.stream().filter(l -> l.endsWith(fwmark.downLine())).findFirst().orElseThrow()));
        assertThat(daemon.table().get("FWM 100 IPv6")).as("fallback gone once the real is back").containsOnlyKeys(fwmark.real());
    }

    private void add(String name, String vip, String protocol, String directives, Peer peer) {
        String real = "[::1]:" + peer.port();
        backends.add(Backend.of(backends.size(), name, true, vip, protocol, directives, real, real, "masq", peer));
    }
}
