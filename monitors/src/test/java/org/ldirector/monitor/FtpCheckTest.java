package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service=ftp} against an embedded Apache FtpServer on 127.0.0.1. Its passive data
 * listener binds 127.0.0.1 but its PASV replies name 127.0.0.2, where nothing listens: every UP
 * here also shows that the check connects to the real's address, not to the one in the reply. Active
 * mode (PORT) is refused, so every UP also shows that the data connection is passive (ldirectord's
 * {@code $ftp->pasv} did not make Net::FTP's {@code get} passive; docs/compatibility.md).
 */
class FtpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String USER = "checker";
    private static final String PASSWORD = "Ftp-pa55-never-logged";

    @TempDir
    static Path dir;
    private static Path home;
    private static FtpPeer server;
    private static int port;

    private final FtpCheck ftp = new FtpCheck();

    @BeforeAll
    static void startServer() throws Exception {
        home = Files.createDirectory(dir.resolve("root"));
        Files.writeString(home.resolve("health.txt"), "service: mail\nSTATUS OK\n");
        Files.writeString(home.resolve("empty.txt"), "");
        Files.write(home.resolve("big.bin"), big());

        server = FtpPeer.start(dir, home, 0, Map.of(USER, PASSWORD, "anonymous", ""));
        port = server.port();
    }

    /** 2 MiB: "HEAD" at the start, "TAIL" after the first MiB. */
    private static byte[] big() {
        byte[] bytes = new byte[2 << 20];
        java.util.Arrays.fill(bytes, (byte) '.');
        System.arraycopy("HEAD".getBytes(), 0, bytes, 0, 4);
        System.arraycopy("TAIL".getBytes(), 0, bytes, bytes.length - 4, 4);
        return bytes;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static CheckTarget target(String request, String receive) {
        return target(request, receive, UnaryOperator.identity());
    }

    private static CheckTarget target(String request, String receive, UnaryOperator<LoginOptions.Builder> change) {
        return CheckTarget.of("127.0.0.1", port, change.apply(LoginOptions.builder().request(request).receive(receive)
                .credentials("anonymous", "ldirectord@director1")).build());
    }

    @Test
    void anonymousRetrievalMatchingReceiveIsUp() {
        assertThat(ftp.check(target("/health.txt", "STATUS OK"), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void userLoginRetrievalIsUp() {
        CheckTarget target = target("/health.txt", "STATUS OK$", o -> o.credentials(USER, PASSWORD)); // Perl: $ before the final newline

        assertThat(ftp.check(target, TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void contentNotMatchingReceiveIsDown() {
        assertThat(ftp.check(target("/health.txt", "STATUS FAIL"), TIMEOUT))
                .isEqualTo(CheckResult.down("content of /health.txt does not match receive"));
    }

    @Test
    void wrongPasswordIsDownAtLoginWithoutThePassword() {
        String wrong = "wr0ng-" + PASSWORD;

        CheckResult result = ftp.check(target("/health.txt", "OK", o -> o.credentials(USER, wrong)), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("login: 530").doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void missingFileIsDownAtRetr() {
        CheckResult result = ftp.check(target("/no-such-file.txt", ""), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("RETR /no-such-file.txt: 550");
    }

    @Test
    void emptyReceiveIsUpWhenTheFileIsRetrieved() {
        assertThat(ftp.check(target("/empty.txt", ""), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void onlyTheFirstMebibyteIsReadAndMatched() {
        long start = System.nanoTime();

        assertThat(ftp.check(target("/big.bin", "^HEAD"), TIMEOUT).up()).isTrue();
        assertThat(ftp.check(target("/big.bin", "TAIL"), TIMEOUT).up()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }

    @Test
    void closedPortIsDown() throws Exception {
        CheckTarget target = CheckTarget.of("127.0.0.1", HangingServer.closedPort(), LoginOptions.builder().request("/x").build());

        assertThat(ftp.check(target, TIMEOUT)).isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = ftp.check(CheckTarget.of("127.0.0.1", silent.port(), LoginOptions.builder().request("/x").build()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }

    @Test
    void refusingGreetingIsDown() throws Exception {
        try (LineServer refusing = LineServer.greetingOnly("421 Too many users, try later")) {
            CheckResult result = ftp.check(CheckTarget.of("127.0.0.1", refusing.port(), LoginOptions.builder().request("/x").build()), TIMEOUT);

            assertThat(result.up()).isFalse();
            assertThat(result.message()).contains("421");
        }
    }
}
