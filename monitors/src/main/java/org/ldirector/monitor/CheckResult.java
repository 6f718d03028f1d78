package org.ldirector.monitor;

import java.util.Objects;

/**
 * The outcome of one probe. {@code message} is what ldirectord writes to its monitorfile for the
 * check (for HTTP the status line, e.g. {@code 200 OK}, or the body when the receive regex did not
 * match; {@code -} when a check has nothing to say).
 */
public record CheckResult(boolean up, String message) {

    public CheckResult {
        Objects.requireNonNull(message, "message");
    }

    public static CheckResult up(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult down(String message) {
        return new CheckResult(false, message);
    }
}
