package org.ldirector.director.alert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * ldirectord's {@code Net::SMTP} delivery ({@code ld_emailalert_send}): to port 25 of the {@code smtp} host, {@code EHLO
 * localhost.localdomain}, {@code MAIL FROM:<user@hostname>}, then the message exactly as {@link AlertMail#bytes()}
 * writes it. Unlike ldirectord, each address of {@code emailalert} gets its own {@code RCPT TO} (ldirectord sends the
 * whole comma list as one address, which servers reject), and a recipient the server refuses does not stop the
 * others. Connecting and every reply have a timeout, so a stuck server delays alerts but never holds the alert thread
 * for good.
 */
public final class SmtpTransport implements MailTransport {

    /** What Net::SMTP says after {@code EHLO} when nothing else is configured. */
    static final String EHLO_NAME = "localhost.localdomain";

    private final int port;
    private final String envelopeSender;
    private final Duration timeout;

    /**
     * @param port           25 (ldirectord's {@code smtp} directive cannot name a port); another one in tests
     * @param envelopeSender {@code <user>@<hostname>}
     * @param timeout        for connecting and for each reply (an alert is far smaller than a socket buffer, so
     *                       writing never waits)
     */
    public SmtpTransport(int port, String envelopeSender, Duration timeout) {
        this.port = port;
        this.envelopeSender = Objects.requireNonNull(envelopeSender, "envelopeSender");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void send(AlertMail mail) throws IOException {
        String relay = mail.smtp().orElseThrow(() -> new IllegalArgumentException("no smtp relay for " + mail.subject()));
        String millis = Long.toString(timeout.toMillis());
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", relay);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.localhost", EHLO_NAME);
        p.setProperty("mail.smtp.from", envelopeSender);
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        p.setProperty("mail.smtp.sendpartial", "true");
        Session session = Session.getInstance(p);
        try {
            // Parsed from our own bytes and not modified: the transport writes them back unchanged (no Date,
            // Message-ID or MIME headers added), as ldirectord's DATA.
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(mail.bytes()));
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(message, addresses(mail.recipients()));
            }
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Address[] addresses(List<String> recipients) throws MessagingException {
        if (recipients.isEmpty()) {
            throw new MessagingException("no recipient");
        }
        Address[] out = new Address[recipients.size()];
        for (int i = 0; i < out.length; i++) {
            InternetAddress a = new InternetAddress();
            a.setAddress(recipients.get(i));
            out[i] = a;
        }
        return out;
    }
}
