package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The start-up race of issue 12 between real processes: a director started in a fresh network namespace before its
 * heartbeat interface is there, then before that interface has its address, waits (with a log line) and binds to the
 * address once it appears, instead of exiting with "heartbeat interface eth0 does not exist".
 */
class InterfaceWaitNetnsTest {

    @Test
    void aDirectorStartedBeforeItsInterfaceWaitsAndBindsOnceTheAddressIsThere() throws Exception {
        assumeTrue(NetnsLink.available(), "needs root and ip netns");
        String ns = "ldf" + ProcessHandle.current().pid() + "iw";
        String peer = "p" + ProcessHandle.current().pid() % 100000 + "iw";
        Sh.ok("ip", "netns", "add", ns);
        try {
            Sh.ok("ip", "-n", ns, "link", "set", "lo", "up");
            Process probe = new ProcessBuilder(List.of("ip", "netns", "exec", ns,
                    ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                    TransportProbe.class.getName(), "eth0", "10.232.0.2", "10.232.0.1"))
                    .redirectErrorStream(true).start();
            waitForLine(probe, "does not exist yet");
            // The link appears and comes up: the kernel gives it an IPv6 link-local address at once, the IPv4
            // address comes a moment later (what a boot script or the test topology does).
            Sh.ok("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", peer, "netns", ns);
            Sh.ok("ip", "-n", ns, "link", "set", peer, "up");
            Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
            waitForLine(probe, "has no address yet");
            Thread.sleep(300);
            assertThat(probe.isAlive()).as("still waiting").isTrue();
            Sh.ok("ip", "-n", ns, "addr", "add", "10.232.0.1/24", "dev", "eth0");
            assertThat(probe.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probe.exitValue()).as(out).isZero();
            assertThat(out).contains("log: Heartbeat interface eth0 is ready after").contains("bind 10.232.0.1");
        } finally {
            Sh.quietly("ip", "netns", "del", ns);
        }
    }

    private static final StringBuilder SEEN = new StringBuilder();

    /** Reads the probe's output up to a line containing {@code text} (the rest stays in the stream). */
    private static void waitForLine(Process p, String text) throws IOException {
        StringBuilder line = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            int c = p.getInputStream().read();
            if (c < 0) {
                throw new AssertionError("the probe ended before '" + text + "': " + SEEN);
            }
            SEEN.append((char) c);
            if (c == '\n') {
                if (line.toString().contains(text)) {
                    return;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new AssertionError("no line with '" + text + "' in 20 s: " + SEEN);
    }
}
