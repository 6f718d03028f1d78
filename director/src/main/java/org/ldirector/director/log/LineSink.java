package org.ldirector.director.log;

/**
 * One destination of {@link LogDestination}, writing ready lines: the message is already chomped and masked.
 * Implementations never throw; a line that cannot be written goes to stderr, as in ldirectord.
 */
sealed interface LineSink permits FileSink, SyslogSink, SupervisedSink, DebugSink {

    /** An {@code ld_log} line. */
    void line(String message);

    /** An {@code ld_debug(level, message)} line; only {@code -d} shows these. */
    default void debug(int level, String message) {
    }

    /** Releases what the sink holds (the syslog child); lines written afterwards are still handled. */
    default void close() {
    }
}
