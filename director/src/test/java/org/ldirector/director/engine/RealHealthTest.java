package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RealHealthTest {

    private static final Instant T = Instant.parse("2026-11-22T01:59:40Z");

    @Test
    void unknownRealBecomesUpOnFirstSuccess() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 3, 1, Health.UNKNOWN);
        assertThat(h.record(true, "200 OK", T)).isTrue();
        assertThat(h.health()).isEqualTo(Health.UP);
        assertThat(h.failures()).isZero();
    }

    @Test
    void upRealSurvivesSoftFailuresUntilFailureCount() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 3, 1, Health.UP);
        assertThat(h.record(false, "x", T)).isFalse();
        assertThat(h.record(false, "x", T)).isFalse();
        assertThat(h.health()).isEqualTo(Health.UP);
        assertThat(h.failures()).isEqualTo(2);
        assertThat(h.record(false, "x", T)).isTrue();
        assertThat(h.health()).isEqualTo(Health.DOWN);
    }

    @Test
    void successResetsSoftFailureCount() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 3, 1, Health.UP);
        h.record(false, "x", T);
        assertThat(h.record(true, "200 OK", T)).isFalse();
        assertThat(h.failures()).isZero();
        h.record(false, "x", T);
        h.record(false, "x", T);
        assertThat(h.health()).isEqualTo(Health.UP);
    }

    @Test
    void downRealDoesNotCountFurtherFailures() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 1, 1, Health.UP);
        assertThat(h.record(false, "x", T)).isTrue();
        assertThat(h.record(false, "x", T)).isFalse();
        assertThat(h.failures()).isEqualTo(1);
    }

    @Test
    void oneSuccessBringsDownRealBackByDefault() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 1, 1, Health.UP);
        h.record(false, "x", T);
        assertThat(h.record(true, "200 OK", T)).isTrue();
        assertThat(h.health()).isEqualTo(Health.UP);
    }

    @Test
    void riseNeedsConsecutiveSuccessesToComeBack() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 1, 3, Health.UP);
        h.record(false, "x", T);
        assertThat(h.record(true, "ok", T)).isFalse();
        assertThat(h.record(false, "x", T)).isFalse();
        assertThat(h.record(true, "ok", T)).isFalse();
        assertThat(h.record(true, "ok", T)).isFalse();
        assertThat(h.record(true, "ok", T)).isTrue();
    }

    @Test
    void firstFailureOfUnknownRealMarksItDownAtOnce() {
        RealHealth h = new RealHealth("10.0.0.2:80", "tcp:10.0.0.1:80", 5, 1, Health.UNKNOWN);
        assertThat(h.record(false, "refused", T)).isTrue();
        assertThat(h.health()).isEqualTo(Health.DOWN);
        assertThat(h.lastMessage()).isEqualTo("refused");
        assertThat(h.lastCheck()).isEqualTo(T);
    }
}
