package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code service=smtp} / {@code submission} against GreenMail and scripted peers. */
class SmtpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final GreenMailExtension GREENMAIL =
            new GreenMailExtension(ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort()).withPerMethodLifecycle(false);

    private final SmtpCheck smtp = new SmtpCheck();

    @Test
    void realSmtpServerIsUp() {
        assertThat(smtp.check(CheckTarget.of("127.0.0.1", GREENMAIL.getSmtp().getPort()), TIMEOUT))
                .isEqualTo(CheckResult.up("-"));
    }

    @Test
    void sessionIsGreetingEhloQuit() throws Exception {
        try (LineServer server = new LineServer("220 mx.example.test ESMTP", line -> switch (line) {
            case "EHLO localhost.localdomain" -> List.of("250-mx.example.test", "250-SIZE 1000", "250 8BITMIME");
            case "QUIT" -> List.of("221 bye");
            default -> List.of("500 what?");
        })) {
            CheckResult result = smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.up("-"));
            assertThat(server.awaitReceived(2)).containsExactly("EHLO localhost.localdomain", "QUIT");
        }
    }

    @Test
    void serverRefusingEhloIsGreetedWithHelo() throws Exception {
        try (LineServer server = new LineServer("220 old.example.test SMTP", line -> line.startsWith("EHLO")
                ? List.of("502 command not implemented") : List.of("250 ok"))) {
            CheckResult result = smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT);

            assertThat(result.up()).isTrue();
            assertThat(server.awaitReceived(3))
                    .containsExactly("EHLO localhost.localdomain", "HELO localhost.localdomain", "QUIT");
        }
    }

    @Test
    void serverRefusingEhloAndHeloIsDown() throws Exception {
        try (LineServer server = new LineServer("220 picky.example.test", line -> line.startsWith("QUIT")
                ? List.of("221 bye") : List.of("550 not you"))) {
            assertThat(smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("EHLO: 550 not you; HELO: 550 not you"));
        }
    }

    @Test
    void negativeGreetingIsDownWithTheGreeting() throws Exception {
        try (LineServer server = LineServer.greetingOnly("554 mx.example.test no service for you")) {
            assertThat(smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("greeting: 554 mx.example.test no service for you"));
        }
    }

    @Test
    void multiLineGreetingIsReadToItsLastLine() throws Exception {
        try (LineServer server = new LineServer("220-mx.example.test\r\n220-welcome\r\n220 ready",
                line -> line.startsWith("QUIT") ? List.of("221 bye") : List.of("250 ok"))) {
            assertThat(smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT).up()).isTrue();
            assertThat(server.awaitReceived(2).getFirst()).isEqualTo("EHLO localhost.localdomain");
        }
    }

    @Test
    void nonSmtpPeerIsDown() throws Exception {
        try (LineServer server = LineServer.greetingOnly("SSH-2.0-OpenSSH_9.2")) {
            assertThat(smtp.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("greeting: not an SMTP reply: SSH-2.0-OpenSSH_9.2"));
        }
    }

    @Test
    void closedPortIsDown() throws Exception {
        assertThat(smtp.check(CheckTarget.of("127.0.0.1", HangingServer.closedPort()), TIMEOUT))
                .isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = smtp.check(CheckTarget.of("127.0.0.1", silent.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }

    @Test
    void portZeroIsDown() {
        assertThat(smtp.check(CheckTarget.of("127.0.0.1", 0), TIMEOUT)).isEqualTo(CheckResult.down("no check port"));
    }
}
