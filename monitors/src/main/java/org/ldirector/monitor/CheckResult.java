package org.ldirector.monitor;

import java.util.Objects;

/**
 * The outcome of one probe. {@code message} is what ldirectord writes to its monitorfile for the
 * check (for HTTP the status line, e.g. {@code 200 OK}, or the body when the receive regex did not
 * match; {@code -} when a check has nothing to say). It is bounded to {@value #MAX_MESSAGE_CHARS} characters
 * plus a marker saying how long it was, so that a backend's 1 MiB body is kept neither per real in memory nor in
 * the monitorfile nor in the log (ldirectord keeps and writes it whole).
 */
public record CheckResult(boolean up, String message) {

    public static final int MAX_MESSAGE_CHARS = 512;

    public CheckResult {
        Objects.requireNonNull(message, "message");
        message = bounded(message);
    }

    public static CheckResult up(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult down(String message) {
        return new CheckResult(false, message);
    }

    private static String bounded(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int cut = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return message.substring(0, cut) + "... [truncated, " + message.length() + " characters]";
    }
}
