package org.ldirector.failover.heartbeat;

/** A Heartbeat file (ha.cf, haresources, authkeys) that cannot be used; the message starts with {@code file:line:}. */
public final class HeartbeatFileException extends Exception {

    public HeartbeatFileException(String message) {
        super(message);
    }

    public HeartbeatFileException(String message, Throwable cause) {
        super(message, cause);
    }

    static HeartbeatFileException at(Object file, int line, String message) {
        return new HeartbeatFileException(file + ":" + line + ": " + message);
    }
}
