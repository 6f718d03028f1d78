package org.ldirector.director.log;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The one log4j appender: turns an event into ldirectord's message (formatted, {@code chomp}ed, secrets masked)
 * and hands it to the {@link LineSink} of the current destination. ldirectord has one level: info, warn, error and
 * fatal are all {@code ld_log} lines; debug and trace are {@code ld_debug} lines.
 */
final class LdirectordAppender extends AbstractAppender {

    private final LineSink sink;

    LdirectordAppender(LineSink sink) {
        super("ldirectord", null, null, true, Property.EMPTY_ARRAY);
        this.sink = sink;
    }

    @Override
    public void append(LogEvent event) {
        try {
            String message = Secrets.mask(chomp(text(event)));
            int debugLevel = debugLevel(event);
            if (debugLevel > 0) {
                sink.debug(debugLevel, message);
            } else {
                sink.line(message);
            }
        } catch (RuntimeException e) {
            // Logging must never kill the caller (a check thread, the main loop).
            StdStreams.err("ldirector: cannot log a line: " + e + "\n");
        }
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        sink.close();
        setStopped();
        return true;
    }

    private static String text(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        return thrown == null ? message : message + ": " + thrown;
    }

    /** 0 for an ld_log line, else the n of {@code DEBUG<n>}: the marker's, or 2 for debug and 3 for trace. */
    private static int debugLevel(LogEvent event) {
        Level level = event.getLevel();
        if (level.isMoreSpecificThan(Level.INFO)) {
            return 0;
        }
        int marked = DebugMarkers.levelOf(event.getMarker());
        if (marked > 0) {
            return marked;
        }
        return level.isMoreSpecificThan(Level.DEBUG) ? 2 : 3;
    }

    /** Perl's {@code chomp}: removes one trailing newline. */
    static String chomp(String message) {
        return message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }
}
