package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.hooks.HookTestEvents.AT;
import static org.ldirector.director.hooks.HookTestEvents.WEB;
import static org.ldirector.director.hooks.HookTestEvents.real;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ldirector.director.config.HookCommand;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;

/** {@code notify}: the event's name, the fixed argv order {@code PATH ARGS... EVENT VIRTUAL REAL} and the variables. */
class NotifyCallTest {

    private static final HookCommand NOTIFY = HookCommand.parse("/usr/local/sbin/ld-notify --site 'dc 1'");

    @ParameterizedTest
    @CsvSource({"UNKNOWN,UP,up", "DOWN,UP,up", "UP,DOWN,down", "UNKNOWN,DOWN,down", "UP,DRAINED,drained",
            "DOWN,DRAINED,drained", "UP,MAINTENANCE,maintenance", "DRAINED,UP,ready", "MAINTENANCE,UP,ready",
            "MAINTENANCE,DOWN,ready", "DRAINED,DOWN,down", "DRAINED,MAINTENANCE,maintenance", "MAINTENANCE,UNKNOWN,ready"})
    void aRealsTransitionIsNamedForWhatHappened(RealState from, RealState to, String name) {
        assertThat(HookEvent.of(real(from, to, "")).name()).isEqualTo(name);
    }

    @Test
    void aRealEventPutsEventVirtualAndRealAfterTheConfiguredArguments() {
        HookJob job = NotifyCall.job(NOTIFY, HookEvent.of(real(RealState.UP, RealState.DOWN, "Connection refused")));

        assertThat(job.argv()).containsExactly("/usr/local/sbin/ld-notify", "--site", "dc 1", "down", "tcp:192.0.2.1:80",
                "10.0.0.2:8080");
        assertThat(job.env()).isEqualTo(Map.of("LDIRECTOR_EVENT", "down", "LDIRECTOR_VIRTUAL", "tcp:192.0.2.1:80",
                "LDIRECTOR_REAL", "10.0.0.2:8080", "LDIRECTOR_FROM", "up", "LDIRECTOR_TO", "down",
                "LDIRECTOR_REASON", "Connection refused", "LDIRECTOR_TIME", "2026-12-02T17:00:00Z"));
        assertThat(job.stdin()).isEmpty();
        assertThat(job.describe()).isEqualTo("notify /usr/local/sbin/ld-notify (down tcp:192.0.2.1:80 10.0.0.2:8080)");
    }

    @Test
    void whatAnEventIsNotAboutIsADashInArgvAndEmptyInTheEnvironment() {
        HookJob fallback = NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.FallbackChanged(AT, WEB, true)));
        assertThat(fallback.argv()).endsWith("fallback-start", "tcp:192.0.2.1:80", "-");
        assertThat(fallback.env()).containsEntry("LDIRECTOR_REAL", "").containsEntry("LDIRECTOR_FROM", "");

        assertThat(NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.FallbackChanged(AT, WEB, false))).argv())
                .endsWith("fallback-stop", "tcp:192.0.2.1:80", "-");
        HookJob reload = NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.Reloaded(AT, false, "/etc/ha.d/ldirectord.cf")));
        assertThat(reload.argv()).endsWith("reload-failed", "-", "-");
        assertThat(reload.env()).containsEntry("LDIRECTOR_VIRTUAL", "").containsEntry("LDIRECTOR_REASON", "/etc/ha.d/ldirectord.cf");
        assertThat(NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.Reloaded(AT, true, "x"))).argv()).endsWith("reload-ok", "-", "-");
        assertThat(NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.RoleChanged(AT, true, "active"))).argv())
                .endsWith("active", "-", "-");
        assertThat(NotifyCall.job(NOTIFY, HookEvent.of(new EngineEvent.RoleChanged(AT, false, "standby"))).argv())
                .endsWith("standby", "-", "-");
    }

    @Test
    void aLongReasonIsCutAndANulCannotBreakTheEnvironment() {
        String page = "x\0y" + "z".repeat(5000);
        String reason = NotifyCall.job(NOTIFY, HookEvent.of(real(RealState.UP, RealState.DOWN, page))).env().get("LDIRECTOR_REASON");

        assertThat(reason).hasSize(NotifyCall.REASON_LIMIT).startsWith("x y").endsWith("...");
    }
}
