package org.ldirector.monitor;

import java.time.Duration;

/**
 * One health check protocol. A monitor knows how to probe one real server; it knows nothing of
 * IPVS, retries, scheduling or clustering.
 *
 * <p>Contract: {@link #check} returns within {@code timeout} (plus at most a few tens of
 * milliseconds of clean-up), never throws for a failed probe (a failure is a {@code down} result
 * with a message saying why), and returns promptly with a {@code down} result when its thread is
 * interrupted. Implementations are thread-safe: one instance serves many concurrent checks, each
 * on its own virtual thread.
 */
public interface Monitor {

    /** Probes {@code target}, giving up after {@code timeout}. */
    CheckResult check(CheckTarget target, Duration timeout);
}
