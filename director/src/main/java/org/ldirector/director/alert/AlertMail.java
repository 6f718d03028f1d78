package org.ldirector.director.alert;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.config.VirtualService;

/**
 * One alert mail as ldirectord writes it ({@code ld_emailalert_send}): the headers {@code From}, {@code To} and {@code Subject} and the
 * body, nothing else, so that what reaches the mail server is what ldirectord sent.
 *
 * @param from    the {@code From:} header: {@code emailalertfrom}, else the envelope sender
 * @param to      the {@code To:} header: the raw {@code emailalert} value (may name several addresses)
 * @param subject the log line, after {@code [<servicename>] } if the virtual has one
 * @param body    the text after the blank line, lines ending in {@code \n}
 * @param smtp    the relay ({@code smtp}), or empty for the local mailer
 */
public record AlertMail(String from, String to, String subject, String body, Optional<String> smtp) {

    public AlertMail {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(smtp, "smtp");
    }

    /**
     * The mail ldirectord's {@code ld_emailalert_send} builds for {@code message} (a log line such as
     * {@code Deleted real server: 10.0.0.2:80 (10.0.0.1:80)}) about {@code virtual}.
     *
     * @param hostname the host name in the body ({@code Sys::Hostname})
     * @param sender   {@code <user>@<hostname>}: the envelope sender, and {@code From:} without {@code emailalertfrom}
     */
    public static AlertMail compose(String message, VirtualService virtual, DaemonStatus status, String hostname,
                                    String sender) {
        Optional<String> serviceName = virtual.serviceName().filter(s -> !s.isEmpty());
        Optional<String> comment = virtual.comment().filter(s -> !s.isEmpty());
        String subject = serviceName.map(n -> "[" + n + "] ").orElse("") + message;
        StringBuilder body = new StringBuilder()
                .append("ldirectord host: ").append(hostname).append('\n')
                .append("Log-Message: ").append(subject).append('\n')
                .append("Daemon-Status: ").append(status.name().toLowerCase(Locale.ROOT)).append('\n')
                .append('\n');
        serviceName.ifPresent(n -> body.append("Service name: ").append(n).append('\n'));
        comment.ifPresent(c -> body.append("Comment: ").append(c).append('\n'));
        return new AlertMail(virtual.emailAlert().from().orElse(sender), virtual.emailAlert().recipients(), subject,
                body.toString(), virtual.emailAlert().smtp());
    }

    /**
     * The message as it goes to the mail server, lines ending in {@code \n} (the SMTP client and sendmail turn them
     * into CRLF). Plain ASCII text is written exactly as ldirectord writes it; other text (a UTF-8 servicename or
     * comment) gets an encoded {@code Subject} and a UTF-8 {@code Content-Type}, so that it arrives readable.
     */
    public byte[] bytes() {
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(oneLine(from)).append('\n');
        m.append("To: ").append(oneLine(to)).append('\n');
        if (isAscii(subject) && isAscii(body)) {
            m.append("Subject: ").append(oneLine(subject)).append('\n');
        } else {
            m.append("Subject: ").append(encodedWord(oneLine(subject))).append('\n');
            m.append("MIME-Version: 1.0\n");
            m.append("Content-Type: text/plain; charset=UTF-8\n");
            m.append("Content-Transfer-Encoding: 8bit\n");
        }
        m.append('\n').append(body);
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The envelope recipients: every address of {@code to}. ldirectord hands the whole string to a single
     * {@code RCPT TO}, so a comma list never arrives; here each address gets its own.
     */
    public List<String> recipients() {
        try {
            List<String> out = new ArrayList<>();
            for (InternetAddress a : InternetAddress.parse(to, false)) {
                out.add(a.getAddress());
            }
            return out;
        } catch (AddressException e) {
            List<String> out = new ArrayList<>();
            for (String part : to.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }
    }

    /** CR or LF inside a header value would end the header (or the headers) early. */
    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static String encodedWord(String s) {
        try {
            return MimeUtility.encodeText(s, "UTF-8", null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}
