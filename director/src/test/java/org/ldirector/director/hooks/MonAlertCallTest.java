package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.hooks.HookTestEvents.real;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.RealState;

/** {@code monalert}/{@code monupalert}: mon's argument order, stdin and {@code MON_*} variables, and when each runs. */
class MonAlertCallTest {

    private static VirtualService web(String extra) throws Exception {
        DirectorConfig c = HookTestEvents.config("monalert=/etc/mon/alert.d/mail.alert ops@example.com\n"
                + "monupalert=/etc/mon/alert.d/mail.alert ops@example.com\n\n"
                + "virtual=192.0.2.1:80\n\treal=10.0.0.2:8080 masq\n\tservice=http\n" + extra);
        return c.virtuals().get(0);
    }

    @Test
    void aRealGoingDownIsAnAlertInMonsOrder() throws Exception {
        VirtualService v = web("");
        HookJob job = MonAlertCall.job(v.hooks(), Optional.of(v), real(RealState.UP, RealState.DOWN, "Connection refused")).orElseThrow();

        assertThat(job.argv()).containsExactly("/etc/mon/alert.d/mail.alert", "-s", "http", "-g", "tcp:192.0.2.1:80", "-h",
                "10.0.0.2", "-t", "1796230800", "ops@example.com");
        assertThat(job.stdin()).isEqualTo("10.0.0.2\n10.0.0.2:8080 (tcp:192.0.2.1:80) up -> down: Connection refused\n");
        assertThat(job.env()).containsEntry("MON_GROUP", "tcp:192.0.2.1:80").containsEntry("MON_SERVICE", "http")
                .containsEntry("MON_ALERTTYPE", "failure").containsEntry("MON_RETVAL", "1").containsEntry("MON_OPSTATUS", "0")
                .containsEntry("MON_LAST_SUMMARY", "10.0.0.2").containsEntry("MON_LAST_FAILURE", "1796230800")
                .containsEntry("LDIRECTOR_EVENT", "down").containsEntry("LDIRECTOR_REAL", "10.0.0.2:8080");
        assertThat(job.directive()).isEqualTo("monalert");
    }

    @Test
    void aDownRealComingBackIsAnUpalertWithDashUAsNinthArgument() throws Exception {
        VirtualService v = web("\tservicename=shop\n\tcomment=the shop\n");
        HookJob job = MonAlertCall.job(v.hooks(), Optional.of(v), real(RealState.DOWN, RealState.UP, "")).orElseThrow();

        assertThat(job.argv()).containsExactly("/etc/mon/alert.d/mail.alert", "-s", "shop", "-g", "tcp:192.0.2.1:80", "-h",
                "10.0.0.2", "-t", "1796230800", "-u", "ops@example.com");
        assertThat(job.argv().get(6)).as("$6").isEqualTo("10.0.0.2");
        assertThat(job.argv().get(9)).as("$9").isEqualTo("-u");
        assertThat(job.env()).containsEntry("MON_ALERTTYPE", "up").containsEntry("MON_RETVAL", "0")
                .containsEntry("MON_OPSTATUS", "1").containsEntry("MON_DESCRIPTION", "the shop")
                .containsEntry("MON_LAST_SUCCESS", "1796230800");
        assertThat(job.directive()).isEqualTo("monupalert");
        assertThat(MonAlertCall.job(v.hooks(), Optional.of(v), real(RealState.DOWN, RealState.DRAINED, ""))).isPresent();
    }

    @Test
    void operatorActionsAndTheFirstUpAtStartAreNoMonAlerts() throws Exception {
        VirtualService v = web("");
        for (RealState[] t : new RealState[][] {{RealState.UNKNOWN, RealState.UP}, {RealState.UP, RealState.DRAINED},
                {RealState.UP, RealState.MAINTENANCE}, {RealState.MAINTENANCE, RealState.UP}, {RealState.DOWN, RealState.MAINTENANCE}}) {
            assertThat(MonAlertCall.job(v.hooks(), Optional.of(v), real(t[0], t[1], ""))).as(t[0] + " -> " + t[1]).isEmpty();
        }
        assertThat(MonAlertCall.job(v.hooks(), Optional.of(v), real(RealState.UNKNOWN, RealState.DOWN, ""))).isPresent();
    }

    @Test
    void aLongCheckMessageIsCutSoStdinNeverFillsThePipe() throws Exception {
        VirtualService v = web("");
        HookJob job = MonAlertCall.job(v.hooks(), Optional.of(v), real(RealState.UP, RealState.DOWN, "x".repeat(100_000))).orElseThrow();

        assertThat(job.stdin().length()).isLessThan(2 * NotifyCall.REASON_LIMIT);
    }
}
