package org.ldirector.failover;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * ha.cf's {@code ping} nodes (ipfail's job): the node counts as connected while any ping node answered within
 * {@code deadping}. Without ping nodes it is always connected.
 */
final class PingMonitor {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(1);

    private final List<String> hosts;
    private final ResourceActions actions;
    private final LongSupplier clock;
    private final long deadpingNanos;
    private volatile long lastAnswer = Long.MIN_VALUE;
    private volatile boolean ok;

    PingMonitor(List<String> hosts, ResourceActions actions, LongSupplier clock, Duration deadping) {
        this.hosts = List.copyOf(hosts);
        this.actions = actions;
        this.clock = clock;
        this.deadpingNanos = deadping.toNanos();
        this.ok = hosts.isEmpty();
    }

    boolean configured() {
        return !hosts.isEmpty();
    }

    boolean ok() {
        return ok;
    }

    /** Pings the hosts until one answers; returns whether connectivity changed. */
    boolean round() {
        if (hosts.isEmpty()) {
            return false;
        }
        String answered = null;
        for (String h : hosts) {
            if (actions.reachable(h, ECHO_TIMEOUT)) {
                answered = h;
                break;
            }
        }
        long now = clock.getAsLong();
        if (answered != null) {
            lastAnswer = now;
        }
        boolean nowOk = lastAnswer != Long.MIN_VALUE && now - lastAnswer <= deadpingNanos;
        if (nowOk == ok) {
            return false;
        }
        ok = nowOk;
        if (nowOk) {
            LOG.info("Ping node {} answers: this director may be active", answered);
        } else {
            LOG.info("No ping node ({}) answered: this director may not be active", String.join(", ", hosts));
        }
        return true;
    }
}
