package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.code_intelligence.jazzer.api.BugDetectors;

/** What every check fuzz target asserts about the verdict a fuzzed reply got, and the network it may use. */
final class FuzzVerdict {

    /** The verdict may be late by this much: thread start-up and the loopback peer on a loaded machine. */
    static final Duration SLACK = Duration.ofMillis(1500);

    private FuzzVerdict() {
    }

    /**
     * Only connections to 127.0.0.1 (any port: a redirect to another port of the same host is allowed) are expected;
     * Jazzer's SSRF detector reports any other that the code it hooks opens, e.g. a followed redirect elsewhere.
     */
    static void allowLoopbackOnly() {
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    }

    /** A verdict came, within the timeout (plus {@link #SLACK}), with a bounded message. */
    static void check(CheckResult result, long startNanos, Duration timeout) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertThat(result).as("verdict").isNotNull();
        assertThat(result.message()).as("message").isNotNull()
                .hasSizeLessThanOrEqualTo(CheckResult.MAX_MESSAGE_CHARS + 64);
        assertThat(took).as("time to the verdict " + result).isLessThanOrEqualTo(timeout.plus(SLACK));
    }
}
