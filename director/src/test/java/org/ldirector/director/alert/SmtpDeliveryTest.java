package org.ldirector.director.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.alert.Alerting.HOSTNAME;
import static org.ldirector.director.alert.Alerting.USER;
import static org.ldirector.director.alert.Alerting.deleted;
import static org.ldirector.director.alert.Alerting.firstVirtual;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RUNNING;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.config.VirtualService;

/** The SMTP dialogue on the wire, and what happens when the mail server is down or stuck. */
class SmtpDeliveryTest {

    @RegisterExtension
    final LogLines log = new LogLines();

    private static final String CF = """
            emailalert="ops@example.com,  oncall@example.net"
            smtp=127.0.0.1
            virtual=10.0.0.1:80
                real=10.0.0.2:80 masq
            """;

    private static EmailAlerts alertsOnPort(int port, Duration timeout, int capacity) {
        return new EmailAlerts(new MailEnvironment(new MutableClock(), HOSTNAME, USER, port,
                Path.of("/nonexistent/sendmail"), timeout, capacity));
    }

    @Test
    void speaksLdirectordsDialogueWithOneRcptPerAddress() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.recording()) {
            EmailAlerts alerts = alertsOnPort(server.port(), Duration.ofSeconds(5), 10);
            VirtualService v = firstVirtual(CF);

            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            alerts.drain(10_000);

            assertThat(server.commands).containsExactly(
                    "EHLO localhost.localdomain",
                    "MAIL FROM:<root@lb1.example.com>",
                    "RCPT TO:<ops@example.com>",
                    "RCPT TO:<oncall@example.net>",
                    "DATA",
                    "QUIT");
            assertThat(server.messages).containsExactly(""
                    + "From: root@lb1.example.com\r\n"
                    + "To: ops@example.com,  oncall@example.net\r\n"
                    + "Subject: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)\r\n"
                    + "\r\n"
                    + "ldirectord host: lb1.example.com\r\n"
                    + "Log-Message: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)\r\n"
                    + "Daemon-Status: running\r\n"
                    + "\r\n");
            assertThat(log.all()).containsExactly("emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
        }
    }

    @Test
    void emailalertfromChangesTheHeaderButNotTheEnvelopeSender() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.recording()) {
            EmailAlerts alerts = alertsOnPort(server.port(), Duration.ofSeconds(5), 10);
            VirtualService v = firstVirtual("emailalertfrom=lvs@example.com\n" + CF);

            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            alerts.drain(10_000);

            assertThat(server.commands).contains("MAIL FROM:<root@lb1.example.com>");
            assertThat(server.messages.getFirst()).startsWith("From: lvs@example.com\r\n");
        }
    }

    @Test
    void aMailServerThatIsDownIsLoggedAndNothingIsThrown() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        EmailAlerts alerts = alertsOnPort(closedPort, Duration.ofSeconds(2), 10);
        VirtualService v = firstVirtual(CF);

        alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
        alerts.changed(Alerting.added(v, "10.0.0.2:80", 1), RUNNING);
        alerts.drain(10_000);

        // the emailalert lines are written when the alert is decided, the failures when the alert thread gives up
        assertThat(log.startingWith("emailalert: ")).containsExactly(
                "emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "emailalert: Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)");
        assertThat(log.all()).filteredOn(l -> !l.startsWith("emailalert: "))
                .containsExactly("failed to send SMTP email message", "failed to send SMTP email message");
    }

    @Test
    void aStuckMailServerNeverBlocksTheEngineAndAnOverflowDropsWithOneLine() throws IOException {
        try (ScriptedSmtpServer stuck = ScriptedSmtpServer.silent()) {
            EmailAlerts alerts = alertsOnPort(stuck.port(), Duration.ofMillis(500), 2);
            VirtualService v = firstVirtual(CF);

            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            // The first mail is on the wire before the others arrive, whatever the machine's load.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stuck.connectionCount() == 1);
            long start = System.nanoTime();
            for (int i = 1; i < 6; i++) {
                alerts.changed(i % 2 == 0 ? deleted(v, "10.0.0.2:80") : Alerting.added(v, "10.0.0.2:80", 1), RUNNING);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1)); // one blocked call would take 500 ms

            // one mail on the wire, two waiting, three dropped with a single line
            assertThat(log.startingWith("email alert queue full")).containsExactly(
                    "email alert queue full (2 messages waiting): dropping email messages until the mail server catches up");
            assertThat(log.startingWith("emailalert: ")).hasSize(6);
            alerts.drain(10_000);
            assertThat(log.startingWith("failed to send SMTP email message")).hasSize(3);
        }
    }

    @Test
    void afterAnOverflowTheQueueAcceptsMailAgainOnceItHasEmptied() throws IOException {
        try (ScriptedSmtpServer stuck = ScriptedSmtpServer.silent()) {
            EmailAlerts alerts = alertsOnPort(stuck.port(), Duration.ofMillis(300), 1);
            VirtualService v = firstVirtual(CF);
            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stuck.connectionCount() == 1);
            for (int i = 1; i < 4; i++) {
                alerts.changed(i % 2 == 0 ? deleted(v, "10.0.0.2:80") : Alerting.added(v, "10.0.0.2:80", 1), RUNNING);
            }
            alerts.drain(10_000);
            assertThat(log.startingWith("failed to send SMTP")).hasSize(2);

            // The next mail goes on the wire first (the mail thread may need a moment to start again
            // under load); then one waits in the queue and the third overflows it.
            int connections = stuck.connectionCount();
            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stuck.connectionCount() > connections);
            alerts.changed(Alerting.added(v, "10.0.0.2:80", 1), RUNNING);
            alerts.changed(deleted(v, "10.0.0.2:80"), RUNNING);
            alerts.drain(10_000);

            assertThat(log.startingWith("email alert queue full")).hasSize(2);
            assertThat(log.startingWith("failed to send SMTP")).hasSize(4);
        }
    }
}
