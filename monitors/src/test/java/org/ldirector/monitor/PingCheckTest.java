package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ICMP echo against real kernels. Only loopback is ever pinged: the silent target is 127.0.0.1 in a
 * private network namespace whose kernel ignores echo requests (the namespace vanishes with the
 * probe; the host's settings are never touched). Needs root or CAP_NET_RAW + CAP_SYS_ADMIN, and
 * the Debian packages util-linux ({@code unshare}) and iproute2 ({@code ip}).
 */
class PingCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void loopbackAnswersEchoAndIsUp() {
        assertThat(new PingCheck(1).check(CheckTarget.of("127.0.0.1", 0), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void ipv6LoopbackAnswersEchoAndIsUp() throws IOException {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
        assumeTrue(lo != null && Collections.list(lo.getInetAddresses()).contains(InetAddress.getByName("::1")),
                "no ::1 on the loopback interface");

        assertThat(new PingCheck(1).check(CheckTarget.of("::1", 0), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void withoutRawSocketCapabilityEveryRealIsDownWithTheReason() {
        CheckResult result = new PingCheck(3, () -> false).check(CheckTarget.of("127.0.0.1", 0), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down(PingCheck.NO_RAW_ICMP_MESSAGE));
        assertThat(result.message()).contains("CAP_NET_RAW");
    }

    @Test
    void silentAddressIsDownAfterCheckcountAttemptsOfTimeout() throws Exception {
        Probe probe = probeInSilentNamespace("127.0.0.1", "2", "400");

        assertThat(probe.up()).isFalse();
        assertThat(probe.message()).isEqualTo("no ICMP echo reply (2 attempts of 400ms)");
        assertThat(probe.elapsedMillis()).isBetween(2 * 400L - 50, 2 * 400L + 1000);
    }

    @Test
    void interruptedPingReturnsPromptlyAndKeepsInterruptStatus() throws Exception {
        Probe probe = probeInSilentNamespace("127.0.0.1", "1", "20000", "300");

        assertThat(probe.up()).isFalse();
        assertThat(probe.message()).isEqualTo("interrupted");
        assertThat(probe.elapsedMillis()).isLessThan(300 + 1000);
        assertThat(probe.stillInterrupted()).isTrue();
    }

    @Test
    void invalidAddressIsDownWithoutDnsLookup() {
        CheckResult result = new PingCheck(1).check(CheckTarget.of("10.1.2.300", 0), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("10.1.2.300: invalid IPv4 address"));
    }

    private record Probe(boolean up, long elapsedMillis, String message, boolean stillInterrupted) {
    }

    /** Runs {@link PingProbe} in a child JVM inside a new network namespace where echo is ignored. */
    private static Probe probeInSilentNamespace(String... probeArgs) throws IOException, InterruptedException {
        for (String tool : List.of("unshare", "ip")) {
            if (List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin").stream().noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                fail(tool + " not found: the ping tests need the Debian packages util-linux (unshare) and iproute2 (ip)");
            }
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of("unshare", "--net", "sh", "-c",
                "ip link set lo up && echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all && exec \"$@\"", "sh",
                java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PingProbe.class.getName()));
        command.addAll(List.of(probeArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (var out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ping probe did not finish");
        }
        if (process.exitValue() != 0 || output.isEmpty()) {
            fail("ping probe in a private network namespace failed (exit " + process.exitValue()
                    + "); it needs root (CAP_SYS_ADMIN for unshare --net): " + output);
        }
        String[] fields = output.lines().reduce((a, b) -> b).orElseThrow().split("\t");
        return new Probe(fields[0].equals("UP"), Long.parseLong(fields[1]), fields[2], Boolean.parseBoolean(fields[3]));
    }
}
