package org.ldirector.failover.heartbeat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heartbeat's time syntax ({@code cl_get_msec}): a decimal number of seconds ({@code 2}, {@code 0.5}), or of
 * milliseconds / microseconds with an {@code ms}/{@code msec} or {@code us}/{@code usec} suffix ({@code 500ms}).
 * Rounded to whole milliseconds, half up, as Heartbeat does. Anything else ({@code 2s}, {@code -1}) is invalid.
 */
public final class HeartbeatTime {

    private static final Pattern SYNTAX = Pattern.compile("(\\d*\\.?\\d+)\\s*(ms|msec|us|usec)?", Pattern.CASE_INSENSITIVE);

    private HeartbeatTime() {
    }

    /** The duration {@code text} stands for, or empty when it is not in Heartbeat's syntax. */
    public static Optional<Duration> parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        BigDecimal millis = switch (unit) {
            case "" -> value.multiply(BigDecimal.valueOf(1000));
            case "ms", "msec" -> value;
            default -> value.divide(BigDecimal.valueOf(1000));
        };
        return Optional.of(Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact()));
    }

    /** {@code d} the way ha.cf would write it: whole seconds as {@code 2}, anything else as {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : ms + "ms";
    }
}
