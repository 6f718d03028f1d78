package org.ldirector.director.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.alert.Alerting.firstVirtual;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RELOADING;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The text of an alert mail ({@code ld_emailalert_send}). */
class AlertMailTest {

    private static final String CF = """
            emailalert=ops@example.com
            virtual=10.0.0.1:80
                real=10.0.0.2:80 masq
            """;

    @Test
    void withoutServicenameOrCommentTheBodyEndsWithTheBlankLine() {
        AlertMail m = AlertMail.compose("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)", firstVirtual(CF), RELOADING,
                "lb1", "root@lb1");

        assertThat(m.subject()).isEqualTo("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
        assertThat(m.body()).isEqualTo("ldirectord host: lb1\nLog-Message: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)\n"
                + "Daemon-Status: reloading\n\n");
        assertThat(m.smtp()).isEmpty();
    }

    @Test
    void anEmptyServicenameIsNoPrefix() {
        AlertMail m = AlertMail.compose("x", firstVirtual(CF + "    servicename=\n"), RELOADING, "lb1", "root@lb1");

        assertThat(m.subject()).isEqualTo("x");
        assertThat(m.body()).doesNotContain("Service name");
    }

    @Test
    void recipientsAreEveryAddressOfTheCommaList() {
        AlertMail m = new AlertMail("root@lb1", "a@example.com, \"Ops Team\" <ops@example.com>,root", "s", "b\n",
                java.util.Optional.empty());

        assertThat(m.recipients()).containsExactly("a@example.com", "ops@example.com", "root");
    }

    @Test
    void nonAsciiTextIsSentAsEncodedUtf8() {
        AlertMail m = AlertMail.compose("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                firstVirtual(CF + "    servicename=Büro\n"), RELOADING, "lb1", "root@lb1");

        String text = new String(m.bytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("Subject: =?UTF-8?")
                .contains("Content-Type: text/plain; charset=UTF-8\n")
                .contains("Service name: Büro\n");
    }

    @Test
    void lineBreaksCannotEndAHeader() {
        AlertMail m = new AlertMail("root@lb1", "ops@example.com\r\nBcc: x@example.com", "s", "b\n",
                java.util.Optional.empty());

        assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).startsWith(
                "From: root@lb1\nTo: ops@example.com  Bcc: x@example.com\nSubject: s\n\nb\n");
    }
}
