package org.ldirector.director.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Redirects System.out or System.err into memory until closed. */
final class StdCapture implements AutoCloseable {

    private final boolean stdout;
    private final PrintStream original;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private StdCapture(boolean stdout) {
        this.stdout = stdout;
        this.original = stdout ? System.out : System.err;
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (stdout) {
            System.setOut(capture);
        } else {
            System.setErr(capture);
        }
    }

    static StdCapture stdout() {
        return new StdCapture(true);
    }

    static StdCapture stderr() {
        return new StdCapture(false);
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (stdout) {
            System.setOut(original);
        } else {
            System.setErr(original);
        }
    }
}
