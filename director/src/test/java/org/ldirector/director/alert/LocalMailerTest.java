package org.ldirector.director.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.alert.Alerting.HOSTNAME;
import static org.ldirector.director.alert.Alerting.USER;
import static org.ldirector.director.alert.Alerting.deleted;
import static org.ldirector.director.alert.Alerting.firstVirtual;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.STOPPING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.config.VirtualService;

/** Without {@code smtp}: the message is piped to sendmail (a script standing in for the MTA's). */
class LocalMailerTest {

    @RegisterExtension
    final LogLines log = new LogLines();

    @TempDir
    Path dir;

    private static final String CF = """
            emailalert="ops@example.com, oncall@example.net"
            virtual=10.0.0.1:80
                real=10.0.0.2:80 masq
                servicename=web
            """;

    private Path sendmail(String script) throws IOException {
        Path p = dir.resolve("sendmail");
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private EmailAlerts alertsWith(Path sendmail) {
        return new EmailAlerts(new MailEnvironment(new MutableClock(), HOSTNAME, USER, 25, sendmail,
                Duration.ofSeconds(5), 10));
    }

    @Test
    void pipesTheMessageToSendmailWithRecipientsFromTheHeaders() throws IOException {
        Path sendmail = sendmail("echo \"$@\" > '" + dir.resolve("args") + "'; cat > '" + dir.resolve("message") + "'");
        EmailAlerts alerts = alertsWith(sendmail);
        VirtualService v = firstVirtual(CF);

        alerts.changed(deleted(v, "10.0.0.2:80"), STOPPING);
        alerts.drain(10_000);

        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("-t -oi\n");
        assertThat(Files.readString(dir.resolve("message"), StandardCharsets.UTF_8)).isEqualTo("""
                From: root@lb1.example.com
                To: ops@example.com, oncall@example.net
                Subject: [web] Deleted real server: 10.0.0.2:80 (10.0.0.1:80)

                ldirectord host: lb1.example.com
                Log-Message: [web] Deleted real server: 10.0.0.2:80 (10.0.0.1:80)
                Daemon-Status: stopping

                Service name: web
                """);
        assertThat(log.all()).containsExactly("emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void withoutSendmailEachMailLogsOneFailure() {
        EmailAlerts alerts = alertsWith(dir.resolve("no-such-sendmail"));
        VirtualService v = firstVirtual(CF);

        alerts.changed(deleted(v, "10.0.0.2:80"), STOPPING);
        alerts.changed(Alerting.added(v, "10.0.0.2:80", 2), STOPPING);
        alerts.drain(10_000);

        assertThat(log.startingWith("emailalert: ")).containsExactly(
                "emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "emailalert: Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 2)");
        assertThat(log.all()).filteredOn(l -> !l.startsWith("emailalert: "))
                .containsExactly("failed to send email message", "failed to send email message");
    }

    @Test
    void aSendmailThatFailsIsLogged() throws IOException {
        EmailAlerts alerts = alertsWith(sendmail("cat > /dev/null; exit 75"));

        alerts.changed(deleted(firstVirtual(CF), "10.0.0.2:80"), STOPPING);
        alerts.drain(10_000);

        assertThat(log.all()).containsExactly(
                "emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "failed to send email message");
    }
}
