package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * {@code maintenancedir} with a name server that never answers: our daemon in a network namespace whose
 * {@code resolv.conf} (bind-mounted by {@code ip netns exec}) names a server where every query vanishes; 30 HTTP reals (one python3 http.server in the namespace) whose addresses are in no hosts file, so
 * each maintenancedir check asks the black hole for a reverse name (5 s, twice). The table must still fill within
 * seconds: with the lookup on the thread that records every result, 30 such lookups in a row took minutes.
 */
class BlackHoledDnsProcessTest {

    private static final int REALS = 30;

    @TempDir
    Path dir;

    private final String ns = "ldbh" + Long.toString(ProcessHandle.current().pid(), 36);
    private final Path netnsEtc = Path.of("/etc/netns", ns);
    private DaemonUnderTest daemon;
    private Process web;

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out)
                .isTrue();
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip()),
                "needs root (ip netns)");
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        // The name server sits behind a veth pair whose far end has no address, at a MAC nobody has (a permanent
        // neighbour entry): queries leave, are dropped, and nothing answers, not even with an ICMP error.
        sh("ip", "-n", ns, "link", "add", "bh0", "type", "veth", "peer", "name", "bh1");
        sh("ip", "-n", ns, "addr", "add", "10.255.255.2/24", "dev", "bh0");
        sh("ip", "-n", ns, "link", "set", "bh0", "up");
        sh("ip", "-n", ns, "link", "set", "bh1", "up");
        sh("ip", "-n", ns, "neigh", "add", "10.255.255.1", "lladdr", "02:00:00:00:00:01", "dev", "bh0", "nud",
                "permanent");
        Files.createDirectories(netnsEtc);
        Files.writeString(netnsEtc.resolve("resolv.conf"), "nameserver 10.255.255.1\noptions timeout:5 attempts:2\n");
        Path docroot = Files.createDirectories(dir.resolve("www"));
        Files.writeString(docroot.resolve("index.html"), "Test Page\n");
        web = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-m", "http.server", "8080", "--bind", "0.0.0.0",
                "--directory", docroot.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("web.out").toFile())
                .start();
        Path maint = Files.createDirectories(dir.resolve("maint"));
        Files.createFile(maint.resolve("otherhost")); // a name: a pending reverse lookup matters
        StringBuilder reals = new StringBuilder();
        for (int i = 1; i <= REALS; i++) {
            reals.append("\treal=127.0.9.").append(i).append(":8080 masq\n");
        }
        daemon = new DaemonUnderTest(dir).inNamespace(ns);
        Files.writeString(daemon.config, "checktimeout=2\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\nquiescent=no\n"
                + "maintenancedir=" + maint + "\n\nvirtual=10.1.1.1:80\n" + reals + "\tservice=http\n"
                + "\trequest=\"index.html\"\n\treceive=\"Test Page\"\n\tscheduler=wrr\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.run("stop");
        }
        if (web != null) {
            web.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(20, TimeUnit.SECONDS);
        Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
        Files.deleteIfExists(netnsEtc);
    }

    @Test
    void aBlackHoledNameServerDelaysNeitherTheChecksNorTheTable() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= REALS; i++) {
            expected.add("127.0.9." + i + ":8080");
        }
        long t0 = System.nanoTime();
        Result start = daemon.run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        daemon.await("every real in the table", Duration.ofSeconds(25), () -> daemon.table()
                .getOrDefault("TCP 10.1.1.1:80", Map.of()).keySet().containsAll(expected));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("all %d reals in the table %d ms after start, with a black-holed name server%n", REALS, ms);
        assertThat(Files.readString(daemon.log)).as("the lookups were black-holed")
                .contains("No answer to the reverse lookup of 127.0.9.");
    }
}
