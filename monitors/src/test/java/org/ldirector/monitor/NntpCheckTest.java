package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service=nntp} against tiny NNTP peers. */
class NntpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final NntpCheck nntp = new NntpCheck();

    @Test
    void postingAllowedGreetingIsUp() throws Exception {
        try (LineServer server = new LineServer("200 news.example.test InterNetNews ready", line -> List.of("205 bye"))) {
            assertThat(nntp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.up("200 news.example.test InterNetNews ready"));
        }
    }

    @Test
    void noPostingGreetingIsUp() throws Exception {
        try (LineServer server = new LineServer("201 read-only", line -> List.of("205 bye"))) {
            assertThat(nntp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void serviceUnavailableGreetingIsDown() throws Exception {
        try (LineServer server = new LineServer("400 service temporarily unavailable", line -> List.of("205 bye"))) {
            assertThat(nntp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("400 service temporarily unavailable"));
        }
    }

    @Test
    void sessionEndsWithQuit() throws Exception {
        try (LineServer server = new LineServer("200 ready", line -> List.of("205 bye"))) {
            nntp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT);

            assertThat(server.awaitReceived(1)).containsExactly("QUIT");
        }
    }

    @Test
    void closedPortIsDown() throws Exception {
        assertThat(nntp.check(CheckTarget.of("127.0.0.1", HangingServer.closedPort()), TIMEOUT))
                .isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void peerThatAcceptsAndNeverGreetsIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = nntp.check(CheckTarget.of("127.0.0.1", silent.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }

    @Test
    void peerThatClosesWithoutGreetingIsDown() throws Exception {
        try (LineServer server = new LineServer(null, line -> null)) {
            // The server greets with nothing; it closes once we send QUIT, but we wait for a greeting first.
            CheckResult result = nntp.check(CheckTarget.of("127.0.0.1", server.port()), Duration.ofMillis(500));

            assertThat(result.up()).isFalse();
        }
    }
}
