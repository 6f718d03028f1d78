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

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;

/**
 * The {@code Inaccessible real server} reminders: their period, what starts and ends them, and none of the storms
 * of upstream PRs #251, #756, #760 and #870.
 */
class ReminderMailsTest extends AlertsOnGreenMail {

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
    void aReaddAfterAQuiescentIsNoSecondMail() {
        VirtualService v = firstVirtual(CF);
        alerts().changed(quiescent(v, "10.0.0.2:80"), RUNNING);
        clock.advanceSeconds(30);
        alerts().changed(readdQuiescent(v, "10.0.0.2:80"), RELOADING);
        clock.advanceSeconds(30);
        alerts().tick(RUNNING);

        assertThat(subjects()).containsExactly(
                "Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)",
                "Inaccessible real server: 10.0.0.2:80 (10.0.0.1:80)");
    }
}
