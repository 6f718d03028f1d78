package org.ldirector.director.alert;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the alert mails take from the host, made replaceable for tests.
 *
 * @param clock         the time of the reminders
 * @param hostname      {@code Sys::Hostname}: in the body and the envelope sender
 * @param user          the name of the user the daemon runs as ({@code getpwuid($<)}): the envelope sender's local part
 * @param smtpPort      the port of the {@code smtp} relay: 25 (ldirectord's directive takes no port)
 * @param sendmail      the local mailer, used when a virtual has no {@code smtp}
 * @param timeout       for connecting to the relay, for each of its replies, and for sendmail to finish
 * @param queueCapacity how many mails may wait behind a slow mail server before further ones are dropped
 */
public record MailEnvironment(Clock clock, String hostname, String user, int smtpPort, Path sendmail,
                              Duration timeout, int queueCapacity) {

    public static final int SMTP_PORT = 25;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    public MailEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sendmail, "sendmail");
        Objects.requireNonNull(timeout, "timeout");
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtp port out of range: " + smtpPort);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + queueCapacity);
        }
    }

    /** This host: system clock, {@code uname -n}, the JVM's user, port 25, {@code /usr/sbin/sendmail}. */
    public static MailEnvironment system() {
        return new MailEnvironment(Clock.systemUTC(), systemHostname(), System.getProperty("user.name", "root"),
                SMTP_PORT, SendmailTransport.DEFAULT_PATH, DEFAULT_TIMEOUT, DEFAULT_QUEUE_CAPACITY);
    }

    /** {@code <user>@<hostname>}: the envelope sender, and the {@code From:} header without {@code emailalertfrom}. */
    public String sender() {
        return user + "@" + hostname;
    }

    /** What {@code gethostname(2)} returns, as Perl's {@code Sys::Hostname}. */
    static String systemHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
