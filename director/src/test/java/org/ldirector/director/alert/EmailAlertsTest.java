package org.ldirector.director.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.alert.Alerting.added;
import static org.ldirector.director.alert.Alerting.addedFallback;
import static org.ldirector.director.alert.Alerting.config;
import static org.ldirector.director.alert.Alerting.deleted;
import static org.ldirector.director.alert.Alerting.deletedFallback;
import static org.ldirector.director.alert.Alerting.firstVirtual;
import static org.ldirector.director.alert.Alerting.purgedVirtual;
import static org.ldirector.director.alert.Alerting.quiescent;
import static org.ldirector.director.alert.Alerting.readdQuiescent;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RELOADING;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.RUNNING;
import static org.ldirector.director.config.EmailAlert.DaemonStatus.STARTING;

import java.util.List;

import com.icegreen.greenmail.store.FolderException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.ldirector.director.config.VirtualService;

/** Which changes are mailed, to whom, and what the mails say ({@code ld_emailalert_send}). */
class EmailAlertsTest extends AlertsOnGreenMail {

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
    void virtualLevelChangesAreNotMailed() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(new TableEvent(TableEvent.Kind.VIRTUAL, "Added virtual server: 10.0.0.1:80", "", v), STARTING);

        assertThat(subjects()).isEmpty();
        assertThat(log.all()).isEmpty();
    }

    @Test
    void aReaddedQuiescentRealIsMailedAsQuiescent() {
        VirtualService v = firstVirtual(CF);

        alerts().changed(readdQuiescent(v, "10.0.0.2:80"), RUNNING);

        assertThat(subjects()).containsExactly("Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)");
        assertThat(log.all()).containsExactly("emailalert: Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)");
    }
}
