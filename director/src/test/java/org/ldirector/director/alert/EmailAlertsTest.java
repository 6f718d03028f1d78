package org.ldirector.director.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.alert.Alerting.HOSTNAME;
import static org.ldirector.director.alert.Alerting.USER;
import static org.ldirector.director.alert.Alerting.added;
import static org.ldirector.director.alert.Alerting.addedFallback;
import static org.ldirector.director.alert.Alerting.config;
import static org.ldirector.director.alert.Alerting.deleted;
import static org.ldirector.director.alert.Alerting.deletedFallback;
import static org.ldirector.director.alert.Alerting.firstVirtual;
import static org.ldirector.director.alert.Alerting.purgedVirtual;
import static org.ldirector.director.alert.Alerting.quiescent;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RELOADING;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RUNNING;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.STARTING;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;

/** E-mail alerts (§8.5) delivered to a real SMTP server (GreenMail on 127.0.0.1), with a clock the test moves. */
class EmailAlertsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @RegisterExtension
    final LogLines log = new LogLines();

    private static final String CF = """
            emailalert="ops@example.com"
            emailalertfreq=60
            smtp=127.0.0.1
            virtual=10.0.0.1:80
                real=10.0.0.2:80 masq
                real=10.0.0.3:80 masq
                fallback=127.0.0.1:80 masq
            """;

    private final MutableClock clock = new MutableClock();
    private EmailAlerts alerts;

    private EmailAlerts alerts() {
        if (alerts == null) {
            alerts = new EmailAlerts(new MailEnvironment(clock, HOSTNAME, USER, SMTP.getSmtp().getPort(),
                    Path.of("/nonexistent/sendmail"), Duration.ofSeconds(5), 100));
        }
        return alerts;
    }

    private List<MimeMessage> received() {
        alerts().drain(10_000);
        return Arrays.asList(SMTP.getReceivedMessages());
    }

    private List<String> subjects() {
        return received().stream().map(EmailAlertsTest::subject).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String[] values = m.getHeader(name);
        return values == null ? null : String.join("|", values);
    }

    /**
     * The body as GreenMail stored it, with the line end it drops (the CRLF in front of the final dot; the exact
     * bytes on the wire are checked in {@link SmtpDeliveryTest}).
     */
    private static String body(MimeMessage m) throws MessagingException {
        try {
            return ((String) m.getContent()).replace("\r\n", "\n") + "\n";
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** How many mails the mailbox of {@code address} holds. */
    private static int inbox(String address) throws FolderException {
        GreenMailUser user = SMTP.getUserManager().getUserByEmail(address);
        return user == null ? 0 : SMTP.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    @Test
    void deletedRealIsMailedWithLdirectordsHeadersAndBody() throws MessagingException {
        VirtualService v = firstVirtual(CF);

        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        List<MimeMessage> mails = received();
        assertThat(mails).hasSize(1);
        MimeMessage m = mails.getFirst();
        assertThat(header(m, "Subject")).isEqualTo("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
        assertThat(header(m, "From")).isEqualTo("root@lb1.example.com");
        assertThat(header(m, "To")).isEqualTo("ops@example.com");
        assertThat(header(m, "Date")).isNull();
        assertThat(header(m, "Message-ID")).isNull();
        assertThat(body(m)).isEqualTo("""
                ldirectord host: lb1.example.com
                Log-Message: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)
                Daemon-Status: running

                """);
        assertThat(log.all()).containsExactly("emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void servicenamePrefixesTheSubjectButNotTheLogLineAndTheBodyNamesServiceAndComment() throws MessagingException {
        VirtualService v = firstVirtual(CF + """
                    servicename=web shop
                    comment=front end, rack 4
                """);

        alerts().changed(added(v, "10.0.0.2:80", 1), STARTING);

        MimeMessage m = received().getFirst();
        assertThat(header(m, "Subject")).isEqualTo("[web shop] Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)");
        assertThat(body(m)).isEqualTo("""
                ldirectord host: lb1.example.com
                Log-Message: [web shop] Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)
                Daemon-Status: starting

                Service name: web shop
                Comment: front end, rack 4
                """);
        assertThat(log.all()).containsExactly("emailalert: Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)");
    }

    @Test
    void emailalertfromIsTheFromHeader() throws MessagingException {
        VirtualService v = firstVirtual("emailalertfrom=\"LVS alerts\" <lvs@example.com>\n" + CF);

        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        assertThat(header(received().getFirst(), "From")).isEqualTo("\"LVS alerts\" <lvs@example.com>");
    }

    @Test
    void everyCommaSeparatedRecipientReceivesTheMail() throws MessagingException, FolderException {
        VirtualService v = firstVirtual(CF.replace("emailalert=\"ops@example.com\"",
                "emailalert=\"ops@example.com, oncall@example.net,boss@example.org\""));

        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        List<MimeMessage> copies = received();
        for (String who : List.of("ops@example.com", "oncall@example.net", "boss@example.org")) {
            assertThat(inbox(who)).as(who).isEqualTo(1);
        }
        assertThat(copies).hasSize(3);
        assertThat(header(copies.getFirst(), "To")).isEqualTo("ops@example.com, oncall@example.net,boss@example.org");
        assertThat(log.all()).hasSize(1);
    }

    @Test
    void mailsOnlyInTheDaemonStatesOfEmailalertstatus() {
        VirtualService v = firstVirtual("emailalertstatus=running, stopping\n" + CF);

        alerts().changed(added(v, "10.0.0.2:80", 1), STARTING);
        alerts().changed(deleted(v, "10.0.0.3:80"), RELOADING);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        assertThat(subjects()).containsExactly("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
        assertThat(log.all()).containsExactly("emailalert: Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void aVirtualWithoutRecipientSendsNothingAndLogsNothing() {
        VirtualService v = firstVirtual(CF.replace("emailalert=\"ops@example.com\"\n", ""));

        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        clock.advanceSeconds(600);
        alerts().tick(RUNNING);

        assertThat(subjects()).isEmpty();
        assertThat(log.all()).isEmpty();
    }

    @Test
    void perVirtualRecipientOverridesTheGlobalOne() throws MessagingException, FolderException {
        VirtualService v = firstVirtual(CF + "    emailalert=web-team@example.com\n");

        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        assertThat(header(received().getFirst(), "To")).isEqualTo("web-team@example.com");
        assertThat(inbox("web-team@example.com")).isEqualTo(1);
        assertThat(inbox("ops@example.com")).isZero();
    }

    @Test
    void remindsEveryEmailalertfreqSecondsWhileTheRealStaysDown() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        for (int second = 10; second <= 130; second += 10) {
            clock.advanceSeconds(10);
            alerts().tick(RUNNING);
        }

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)",   // at 60 s
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)");  // at 120 s
        assertThat(log.startingWith("emailalert: Inaccessible")).hasSize(2);
    }

    @Test
    void reminderOfAQuiescentRealCarriesTheServicename() throws MessagingException {
        VirtualService v = firstVirtual(CF + "    servicename=web\n");
        alerts().changed(quiescent(v, "10.0.0.3:80"), RUNNING);

        clock.advanceSeconds(60);
        alerts().tick(RUNNING);

        MimeMessage reminder = received().get(1);
        assertThat(header(reminder, "Subject")).isEqualTo("[web] Inaccessible real server: 10.0.0.3:80 (10.0.0.1:80)");
        assertThat(log.all()).last().isEqualTo("emailalert: Inaccessible real server: 10.0.0.3:80 (10.0.0.1:80)");
    }

    @Test
    void aRealThatComesBackIsNoLongerReminded() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        clock.advanceSeconds(30);
        alerts().changed(added(v, "10.0.0.2:80", 1), RUNNING);

        clock.advanceSeconds(300);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)");
        assertThat(alerts().reminderIds()).isEmpty();
    }

    @Test
    void frequencyZeroMeansNoReminders() {
        VirtualService v = firstVirtual(CF.replace("emailalertfreq=60", "emailalertfreq=0"));
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        clock.advanceSeconds(3600);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void aDeletedFallbackStartsNoReminder() {
        // upstream PR #251: every start added the fallback, then deleted it, then reminded about it for ever
        VirtualService v = firstVirtual(CF);
        alerts().changed(addedFallback(v, "127.0.0.1:80"), STARTING);
        alerts().changed(added(v, "10.0.0.2:80", 1), STARTING);
        alerts().changed(deletedFallback(v, "127.0.0.1:80"), STARTING);

        clock.advanceSeconds(600);
        alerts().tick(RUNNING);

        assertThat(subjects()).noneMatch(s -> s.startsWith("Inaccessible"));
        assertThat(alerts().reminderIds()).isEmpty();
    }

    @Test
    void changesNotMailedAtStartStillClearReminders() {
        // upstream #760: with emailalertstatus=running, the add that followed a delete at start was filtered out
        // before it could clear the reminder, so a healthy real was reported inaccessible for ever
        VirtualService v = firstVirtual("emailalertstatus=running\n" + CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), STARTING);
        alerts().changed(added(v, "10.0.0.2:80", 1), STARTING);

        clock.advanceSeconds(600);
        alerts().tick(RUNNING);

        assertThat(subjects()).isEmpty();
        assertThat(log.all()).isEmpty();
    }

    @Test
    void aRealDeletedAtStartIsRemindedOnceTheDaemonRuns() {
        VirtualService v = firstVirtual("emailalertstatus=running\n" + CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), STARTING);
        clock.advanceSeconds(60);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly("Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void aReloadThatReplaysTheSameChangesNeitherRemailsNorDuplicatesNorRestartsReminders() {
        // upstream PRs #756 and #870: reloads (and fork-mode children) duplicated or resurrected reminders
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        alerts().changed(quiescent(v, "10.0.0.3:80"), RUNNING);
        clock.advanceSeconds(40);

        DirectorConfig reloaded = config(CF);
        alerts().configure(reloaded);
        VirtualService after = reloaded.virtuals().getFirst();
        alerts().changed(deleted(after, "10.0.0.2:80"), RELOADING);
        alerts().changed(quiescent(after, "10.0.0.3:80"), RELOADING);
        alerts().tick(RUNNING);
        clock.advanceSeconds(20);
        alerts().tick(RUNNING);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Quiescent real server: 10.0.0.3:80 (10.0.0.1:80) (Weight set to 0)",
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)",   // 60 s after the first mail, once
                "Inaccessible real server: 10.0.0.3:80 (10.0.0.1:80)");
        assertThat(alerts().reminderIds()).containsExactly("10.0.0.2:80 (10.0.0.1:80)", "10.0.0.3:80 (10.0.0.1:80)");
    }

    @Test
    void afterAReloadRemindersFollowTheNewFrequencyAndStopForRemovedReals() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        alerts().changed(deleted(v, "10.0.0.3:80"), RUNNING);

        alerts().configure(config(CF.replace("emailalertfreq=60", "emailalertfreq=10")
                .replace("    real=10.0.0.3:80 masq\n", "")));
        clock.advanceSeconds(10);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Deleted real server: 10.0.0.3:80 (10.0.0.1:80)",
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)");
        assertThat(alerts().reminderIds()).containsExactly("10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void aReloadThatRemovesTheVirtualEndsItsReminders() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        alerts().configure(config(CF.replace("virtual=10.0.0.1:80", "virtual=10.0.0.9:80")));
        clock.advanceSeconds(600);
        alerts().tick(RUNNING);

        assertThat(subjects()).hasSize(1);
        assertThat(alerts().reminderIds()).isEmpty();
    }

    @Test
    void aPurgedVirtualEndsTheRemindersOfItsReals() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        alerts().changed(purgedVirtual(v), RELOADING);

        clock.advanceSeconds(600);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void aRealThatGoesDownAgainIsMailedAgain() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        alerts().changed(added(v, "10.0.0.2:80", 1), RUNNING);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)",
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void remindersObeyEmailalertstatusButKeepTheirPeriod() {
        VirtualService v = firstVirtual("emailalertstatus=running\n" + CF);
        alerts().changed(deleted(v, "10.0.0.2:80"), RUNNING);
        clock.advanceSeconds(60);
        alerts().tick(RELOADING);   // due, filtered out, time reset all the same (as ldirectord)
        clock.advanceSeconds(30);
        alerts().tick(RUNNING);     // 30 s after the filtered one: not due
        clock.advanceSeconds(30);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly(
                "Deleted real server: 10.0.0.2:80 (10.0.0.1:80)",
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void virtualLevelChangesAreNotMailed() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(new TableEvent(TableEvent.Kind.VIRTUAL, "Added virtual server: 10.0.0.1:80", "", v), STARTING);

        assertThat(subjects()).isEmpty();
        assertThat(log.all()).isEmpty();
    }
}
