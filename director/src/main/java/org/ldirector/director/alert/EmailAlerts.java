package org.ldirector.director.alert;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.EmailAlert;
import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.config.VirtualService;

/**
 * ldirectord's e-mail alerts ({@code ld_emailalert_send}): a mail for every change to a real or fallback server, and an
 * {@code Inaccessible real server: <rip:rport> (<vip>)} reminder every {@code emailalertfreq} seconds for each real
 * that stays deleted or quiescent.
 *
 * <p>For each change, in the order ldirectord does it: the reminder bookkeeping ({@link Reminders}), then the
 * filters (the daemon state must be in {@code emailalertstatus}, {@code emailalert} must not be empty), then the log
 * line {@code emailalert: <subject without the servicename prefix>}, then the mail. The subject is the change's log
 * line ({@code Readd Quiescent} is mailed as {@code Quiescent}, as ldirectord does). Mails are sent on one thread of
 * their own ({@link MailQueue}); a failure logs {@code failed to send SMTP email message} (relay) or
 * {@code failed to send email message} (local mailer) and nothing else happens. So the {@code emailalert:} line
 * comes right after the change's own line, as in ldirectord, while a failure line comes when the alert thread gives
 * up, possibly after other lines.
 *
 * <p>One instance lives as long as the daemon, so that reminders survive reloads: create it once at start, call
 * {@link #configure} with each new configuration, and {@link #drain} at the very end of stop.
 */
public final class EmailAlerts implements AlertSink {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    static final String SMTP_FAILED = "failed to send SMTP email message";
    static final String MAIL_FAILED = "failed to send email message";
    private static final String READD = "Readd ";

    private final MailEnvironment env;
    private final MailTransport relay;
    private final MailTransport localMailer;
    private final MailQueue queue;
    private final Reminders reminders = new Reminders(); // guarded by this

    /** With this host's name, user, clock, port 25 and {@code /usr/sbin/sendmail}. */
    public EmailAlerts() {
        this(MailEnvironment.system());
    }

    /** With another host name, user, clock, SMTP port or sendmail (tests), timeout or queue size. */
    public EmailAlerts(MailEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
        this.relay = new SmtpTransport(env.smtpPort(), env.sender(), env.timeout());
        this.localMailer = new SendmailTransport(env.sendmail(), env.timeout());
        this.queue = new MailQueue(env.queueCapacity());
    }

    /**
     * Takes a new configuration (call on every reload; at start it changes nothing): reminders go on with their
     * virtual's new settings, those of removed virtuals and reals stop. Events already carry their virtual, so this
     * only concerns reals that stay down across the reload.
     */
    public synchronized void configure(DirectorConfig config) {
        reminders.retarget(config);
    }

    @Override
    public synchronized void changed(TableEvent event, DaemonStatus status) {
        String subject = subject(event);
        boolean news = reminders.record(event, subject, env.clock().instant());
        if (news && event.kind().isMailed()) {
            mail(subject, event.virtual(), status);
        }
    }

    /** The log line, except that ldirectord mails {@code Readd Quiescent real server: …} as {@code Quiescent …}. */
    static String subject(TableEvent event) {
        String message = event.message();
        if (event.kind() == TableEvent.Kind.READD_QUIESCENT_REAL && message.startsWith(READD)) {
            return message.substring(READD.length());
        }
        return message;
    }

    @Override
    public synchronized void tick(DaemonStatus status) {
        for (Reminders.Due due : reminders.due(env.clock().instant())) {
            mail(due.message(), due.virtual(), status);
        }
    }

    @Override
    public void drain(long timeoutMillis) {
        queue.drain(timeoutMillis);
    }

    /** The reminder ids being tracked, in the order they were recorded (for status reports and tests). */
    public synchronized List<String> reminderIds() {
        return reminders.ids();
    }

    private void mail(String message, VirtualService virtual, DaemonStatus status) {
        EmailAlert settings = virtual.emailAlert();
        if (!settings.statuses().contains(status) || settings.recipients().isEmpty()) {
            return;
        }
        LOG.info("emailalert: {}", message);
        AlertMail mail = AlertMail.compose(message, virtual, status, env.hostname(), env.sender());
        queue.offer(() -> deliver(mail));
    }

    private void deliver(AlertMail mail) {
        boolean viaRelay = mail.smtp().isPresent();
        try {
            (viaRelay ? relay : localMailer).send(mail);
        } catch (IOException | RuntimeException e) {
            LOG.info(viaRelay ? SMTP_FAILED : MAIL_FAILED);
            LOG.debug("email alert \"{}\" not sent: {}", mail.subject(), e.getMessage());
        }
    }
}
