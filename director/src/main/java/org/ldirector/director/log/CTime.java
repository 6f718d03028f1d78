package org.ldirector.director.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Perl's {@code scalar localtime}: {@code Sun Nov 22 01:59:40 2026}, day of month padded with a space
 * ({@code Fri Sep  4 07:08:09 2026}), always English whatever the default locale.
 */
public final class CTime {

    // "ppd" pads the day with spaces to width 2; the fixed ENGLISH locale keeps names and digits ASCII.
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.ENGLISH);

    private CTime() {
    }

    public static String format(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone));
    }
}
