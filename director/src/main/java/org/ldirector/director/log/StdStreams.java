package org.ldirector.director.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes whole lines to stdout and stderr, one lock for both so that a {@code DEBUG2:} line and its message, or a
 * log line and a stderr-only line, never interleave. The streams are looked up on every write, so a redirect with
 * {@link System#setErr} is honoured. Bytes are UTF-8, whatever {@code stderr.encoding} is.
 */
final class StdStreams {

    // A ReentrantLock rather than synchronized: virtual threads block on it without pinning their carrier (Java 21).
    private static final ReentrantLock LOCK = new ReentrantLock();

    private StdStreams() {
    }

    static void out(String text) {
        write(System.out, text);
    }

    static void err(String text) {
        write(System.err, text);
    }

    private static void write(PrintStream stream, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LOCK.lock();
        try {
            stream.write(bytes, 0, bytes.length);
            stream.flush();
        } finally {
            LOCK.unlock();
        }
    }
}
