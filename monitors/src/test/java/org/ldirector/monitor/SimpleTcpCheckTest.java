package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code service=simpletcp} against small TCP and UDP peers. */
class SimpleTcpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SimpleTcpCheck simpletcp = new SimpleTcpCheck();

    /**
     * A TCP peer that reads the whole request (to end of stream: the check half-closes), hands it
     * to the test and answers with {@code answer(request)}, then closes.
     */
    private static final class RequestReplyServer implements AutoCloseable {
        final ServerSocket listener;
        final CompletableFuture<String> request = new CompletableFuture<>();

        RequestReplyServer(Function<String, String> answer) throws Exception {
            listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
            Thread.ofVirtual().start(() -> {
                try (Socket socket = listener.accept()) {
                    InputStream in = socket.getInputStream();
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    request.complete(text);
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.apply(text).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (Exception e) {
                    request.completeExceptionally(e);
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            listener.close();
        }
    }

    private static CheckTarget target(int port, String request, String receive) {
        return CheckTarget.of("127.0.0.1", port, new RequestOptions(request, receive));
    }

    @Test
    void lineMatchingReceiveIsUp() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "hello\nSTATUS: OK\nbye\n")) {
            assertThat(simpletcp.check(target(server.port(), "/PING", "^STATUS: OK$"), TIMEOUT))
                    .isEqualTo(CheckResult.up("-"));
        }
    }

    @Test
    void requestLosesLeadingSlashAndBackslashNBecomesNewline() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "OK\n")) {
            simpletcp.check(target(server.port(), "/GET status\\nHost: x\\n", "OK"), TIMEOUT);

            assertThat(server.request.get(2, TimeUnit.SECONDS)).isEqualTo("GET status\nHost: x\n");
        }
    }

    @Test
    void noMatchingLineBeforeEndOfStreamIsDown() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "STATUS: DEGRADED\n")) {
            assertThat(simpletcp.check(target(server.port(), "/PING", "STATUS: OK"), TIMEOUT))
                    .isEqualTo(CheckResult.down("no line matched receive"));
        }
    }

    @Test
    void regexIsMatchedPerLineWithItsLineEnding() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "a\r\nb\r\n")) {
            assertThat(simpletcp.check(target(server.port(), "/", "a\\r\\n$"), TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void lastLineWithoutNewlineIsMatchedToo() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "first\nREADY")) {
            assertThat(simpletcp.check(target(server.port(), "/", "^READY"), TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void emptyReceiveIsUpOnAnyData() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "x")) {
            assertThat(simpletcp.check(target(server.port(), "/", ""), TIMEOUT)).isEqualTo(CheckResult.up("-"));
        }
    }

    @Test
    void emptyReceiveIsDownWhenTheServerSendsNothing() throws Exception {
        try (RequestReplyServer server = new RequestReplyServer(request -> "")) {
            assertThat(simpletcp.check(target(server.port(), "/", ""), TIMEOUT))
                    .isEqualTo(CheckResult.down("connection closed without data"));
        }
    }

    @Test
    void invalidReceiveRegexIsDown() {
        CheckResult result = simpletcp.check(target(1, "/", "("), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("invalid receive regex");
    }

    @Test
    void closedPortIsDown() throws Exception {
        assertThat(simpletcp.check(target(HangingServer.closedPort(), "/", "OK"), TIMEOUT))
                .isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = simpletcp.check(target(silent.port(), "/PING", "OK"), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }

    @Test
    void overUdpMatchingReplyIsUp() throws Exception {
        try (UdpResponder server = new UdpResponder(request -> ("pong " + new String(request, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))) {
            CheckResult result = simpletcp.check(target(server.port(), "/ping\\n", "^pong ping$")
                    .withTransport(Transport.UDP), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.up("-"));
            assertThat(new String(server.received().getFirst(), StandardCharsets.UTF_8)).isEqualTo("ping\n");
        }
    }

    @Test
    void overUdpSilentServerIsDownWithinTimeout() throws Exception {
        try (UdpResponder silent = UdpResponder.silent()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = simpletcp.check(target(silent.port(), "/ping", "pong").withTransport(Transport.UDP), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }
}
