package org.ldirector.director.log;

/**
 * {@code -d}: stderr without a prefix. {@code ld_log} first calls {@code ld_debug(2, $message)}, so every log line
 * is printed twice: {@code DEBUG2: <message>} and then {@code <message>}.
 */
final class DebugSink implements LineSink {

    /** {@code $DEBUG = $opt_d ? 3 : 0}: {@code ld_debug(n, ...)} prints only if {@code n <= 3}. */
    private static final int DEBUG = 3;

    @Override
    public void line(String message) {
        StdStreams.err("DEBUG2: " + message + "\n" + message + "\n");
    }

    @Override
    public void debug(int level, String message) {
        if (level > DEBUG) {
            return;
        }
        StdStreams.err("DEBUG" + level + ": " + message + "\n");
    }
}
