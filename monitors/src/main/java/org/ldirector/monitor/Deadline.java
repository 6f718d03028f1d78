package org.ldirector.monitor;

import java.time.Duration;

/**
 * The moment one check must be finished by. Every step of a check (DNS, connect, each redirect,
 * the body) draws on the same budget, the way ldirectord's single {@code alarm} covers the whole
 * check.
 */
record Deadline(long startNanos, long timeoutNanos) {

    static Deadline after(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new Deadline(System.nanoTime(), timeout.toNanos());
    }

    long remainingNanos() {
        return Math.max(0, timeoutNanos - (System.nanoTime() - startNanos));
    }

    /** The time left, rounded up to whole milliseconds; 0 once expired. */
    long remainingMillis() {
        long nanos = remainingNanos();
        return nanos == 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    boolean expired() {
        return remainingNanos() == 0;
    }

    Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /** {@code 5s}, {@code 1.5s}, {@code 200ms}: for messages such as {@code timed out after 5s}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        if (millis > 1000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return millis + "ms";
    }
}
