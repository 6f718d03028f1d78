package org.ldirector.failover.conn;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a reader, each at most {@code max} characters: a longer one is an error as soon as its limit is
 * passed, so a file with one endless line costs {@code max} characters of memory, not the line
 * ({@link java.io.BufferedReader#readLine()} would hold all of it). Lines end at {@code \n}; a {@code \r} before it
 * is dropped.
 */
final class BoundedLines {

    /** A line over the limit; nothing of it past the limit was read. */
    static final class TooLong extends IOException {
        TooLong(int max) {
            super("line longer than " + max + " characters");
        }
    }

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int end;

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line without its end, or null at the end of the input. */
    String next() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? finish() : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            if (line.length() + (pos - start) > max + 1) {   // + 1: room for a '\r' before the '\n'
                throw new TooLong(max);
            }
            line.append(buffer, start, pos - start);
            if (pos < end) {
                pos++;   // the '\n'
                return finish();
            }
        }
    }

    private String finish() throws TooLong {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        if (line.length() > max) {
            throw new TooLong(max);
        }
        return line.toString();
    }
}
