package org.ldirector.director.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The state machine of one (virtual, real) pair, as ldirectord's {@code _service_up} and
 * {@code _service_down}: {@code failurecount} consecutive failures take an up real
 * down (each one before that is a "soft failure"), and one success brings it back up (or
 * {@code rise} consecutive successes, our extension; 1 = ldirectord).
 *
 * <p>Differences from ldirectord, both deliberate: a real not adopted from the kernel starts
 * {@link Health#UNKNOWN} instead of being forced down (its kernel entry is left alone until the
 * first result, so start and reload do not flap), and a shared real's failure is counted once per
 * check, not once per virtual (bug 14). Not thread-safe: the director serialises access.
 */
public final class RealHealth {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final String realText;
    private final String virtualId;
    private final int failureCount;
    private final int rise;

    private Health health;
    private int failures;
    private int successes;
    private String lastMessage = "";
    private Instant lastCheck;

    /**
     * @param realText     {@code rip:rport} as ldirectord prints it in soft-failure lines
     * @param virtualId    ldirectord's virtual id ({@code tcp:10.0.0.1:80})
     * @param failureCount effective {@code failurecount} (≥ 1)
     * @param rise         successes needed to bring a down real up (≥ 1)
     * @param initial      {@link Health#UP} when adopted from a kernel entry with weight &gt; 0, else {@link Health#UNKNOWN}
     */
    public RealHealth(String realText, String virtualId, int failureCount, int rise, Health initial) {
        this.realText = Objects.requireNonNull(realText);
        this.virtualId = Objects.requireNonNull(virtualId);
        if (failureCount < 1 || rise < 1) {
            throw new IllegalArgumentException("failurecount and rise must be >= 1");
        }
        this.failureCount = failureCount;
        this.rise = rise;
        this.health = Objects.requireNonNull(initial);
    }

    /**
     * Feeds one check result. Returns true when the health changed in a way the IPVS table must
     * follow (UP↔DOWN, or UNKNOWN becoming known).
     */
    public boolean record(boolean up, String message, Instant at) {
        return record(up, message, at, LOG::info);
    }

    /**
     * As {@link #record(boolean, String, Instant)}, handing its log lines (soft failures, reset
     * counts) to {@code log}, so that the caller writes them once it holds no lock.
     */
    public boolean record(boolean up, String message, Instant at, Consumer<String> log) {
        lastMessage = message;
        lastCheck = at;
        return up ? recordSuccess(log) : recordFailure(log);
    }

    /** Forces the real down now (maintenance), counting a failure like ldirectord's forced {@code service_set}. */
    public boolean forceDown(String message, Instant at) {
        lastMessage = message;
        lastCheck = at;
        failures++;
        successes = 0;
        Health before = health;
        health = Health.DOWN;
        return before != Health.DOWN;
    }

    private boolean recordSuccess(Consumer<String> log) {
        if (failures > 0) {
            log.accept("Resetting soft failure count: " + realText + " (" + virtualId + ")");
        }
        failures = 0;
        if (health == Health.UP) {
            return false;
        }
        successes++;
        if (health == Health.DOWN && successes < rise) {
            return false;
        }
        successes = 0;
        health = Health.UP;
        return true;
    }

    private boolean recordFailure(Consumer<String> log) {
        successes = 0;
        switch (health) {
            case DOWN -> {
                return false; // already down: the counter is not incremented (as _service_down)
            }
            case UNKNOWN -> {
                failures++; // as ldirectord's forced start-up down, so a later recovery logs "Resetting soft failure count"
                health = Health.DOWN;
                return true;
            }
            case UP -> {
                failures++;
                if (failures < failureCount) {
                    log.accept("Soft failure real server: " + realText + " (" + virtualId + ") failure " + failures + "/" + failureCount);
                    return false;
                }
                health = Health.DOWN;
                return true;
            }
        }
        throw new AssertionError(health);
    }

    public Health health() {
        return health;
    }

    public int failures() {
        return failures;
    }

    public String lastMessage() {
        return lastMessage;
    }

    /** When the last result arrived, or null before the first. */
    public Instant lastCheck() {
        return lastCheck;
    }
}
