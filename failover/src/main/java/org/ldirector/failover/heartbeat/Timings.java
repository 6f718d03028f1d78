package org.ldirector.failover.heartbeat;

import java.time.Duration;

/**
 * The ha.cf timings. {@code keepalive}: heartbeat interval; {@code deadtime}: silence after which a node is dead;
 * {@code warntime}: silence after which a "late heartbeat" is logged; {@code initdead}: how long a starting node waits
 * for peers before it may become active alone; {@code deadping}: silence of every ping node after which this node
 * counts as cut off.
 */
public record Timings(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead, Duration deadping) {

    /** Heartbeat's defaults ({@code config.c}): keepalive 1 s, deadtime 30 s, the derived rest. */
    public static Timings defaults() {
        return derive(Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, null);
    }

    /**
     * Fills the unset ({@code null}) values the way Heartbeat does: warntime = deadtime / 2; initdead = deadtime when
     * that exceeds 10 s, 12 s below 6 s, else 2 × deadtime; deadping = deadtime.
     */
    public static Timings derive(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead,
            Duration deadping) {
        Duration warn = warntime != null ? warntime : deadtime.dividedBy(2);
        Duration init = initdead;
        if (init == null) {
            if (deadtime.compareTo(Duration.ofSeconds(10)) > 0) {
                init = deadtime;
            } else if (deadtime.compareTo(Duration.ofSeconds(6)) < 0) {
                init = Duration.ofSeconds(12);
            } else {
                init = deadtime.multipliedBy(2);
            }
        }
        return new Timings(keepalive, deadtime, warn, init, deadping != null ? deadping : deadtime);
    }
}
