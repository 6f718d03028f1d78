package org.ldirector.director.alert;

import java.io.IOException;

/**
 * Delivers one {@link AlertMail}: over SMTP ({@link SmtpTransport}) or through the local mailer
 * ({@link SendmailTransport}). Blocks until the mail is handed over; runs on the alert thread only.
 */
public interface MailTransport {

    /** Hands {@code mail} over to the mail system; throws if that failed. */
    void send(AlertMail mail) throws IOException;
}
