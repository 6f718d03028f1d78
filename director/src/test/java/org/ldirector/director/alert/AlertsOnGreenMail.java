package org.ldirector.director.alert;

import static org.ldirector.director.alert.Alerting.HOSTNAME;
import static org.ldirector.director.alert.Alerting.USER;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerts delivered to a real SMTP server (GreenMail on a free port of 127.0.0.1, new for every test), with a clock
 * the test moves. {@link #CF} is the configuration most tests start from.
 */
abstract class AlertsOnGreenMail {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @RegisterExtension
    final LogLines log = new LogLines();

    static final String CF = """
            emailalert="ops@example.com"
            emailalertfreq=60
            smtp=127.0.0.1
            virtual=10.0.0.1:80
                real=10.0.0.2:80 masq
                real=10.0.0.3:80 masq
                fallback=127.0.0.1:80 masq
            """;

    final MutableClock clock = new MutableClock();
    private EmailAlerts alerts;

    EmailAlerts alerts() {
        if (alerts == null) {
            alerts = new EmailAlerts(new MailEnvironment(clock, HOSTNAME, USER, SMTP.getSmtp().getPort(),
                    Path.of("/nonexistent/sendmail"), Duration.ofSeconds(5), 100));
        }
        return alerts;
    }

    /** Every mail the server received (one copy per recipient), once the alert thread is done. */
    List<MimeMessage> received() {
        alerts().drain(10_000);
        return Arrays.asList(SMTP.getReceivedMessages());
    }

    List<String> subjects() {
        return received().stream().map(m -> {
            try {
                return m.getSubject();
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    static String header(MimeMessage m, String name) throws MessagingException {
        String[] values = m.getHeader(name);
        return values == null ? null : String.join("|", values);
    }

    /**
     * The body as GreenMail stored it, with the line end it drops (the CRLF in front of the final dot; the exact
     * bytes on the wire are checked in {@link SmtpDeliveryTest}).
     */
    static String body(MimeMessage m) throws MessagingException {
        try {
            return ((String) m.getContent()).replace("\r\n", "\n") + "\n";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** How many mails the mailbox of {@code address} holds. */
    static int inbox(String address) throws FolderException {
        GreenMailUser user = SMTP.getUserManager().getUserByEmail(address);
        return user == null ? 0 : SMTP.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }
}
