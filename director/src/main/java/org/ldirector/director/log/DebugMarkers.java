package org.ldirector.director.log;

import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;

/**
 * The level {@code n} of ldirectord's {@code ld_debug(n, msg)}, printed as {@code DEBUG<n>: msg} under {@code -d}.
 * {@code -d} sets {@code $DEBUG = 3}, so levels 1 to 3 are shown and {@link #DEBUG4} never is (ldirectord has a few
 * such lines, e.g. {@code Timeout is <n>}). Without a marker, {@code debug(...)} is {@code DEBUG2} (most of
 * ldirectord's debug lines) and {@code trace(...)} is {@code DEBUG3}:
 * <pre>
 *   log.debug("Checking negotiate: real server={} (virtual={})", rid, vid)  // DEBUG2: Checking negotiate: ...
 *   log.debug(DebugMarkers.DEBUG3, "Already checked: real server={} ...", rid) // DEBUG3: Already checked: ...
 * </pre>
 */
public final class DebugMarkers {

    public static final Marker DEBUG1 = MarkerManager.getMarker("DEBUG1");
    public static final Marker DEBUG2 = MarkerManager.getMarker("DEBUG2");
    public static final Marker DEBUG3 = MarkerManager.getMarker("DEBUG3");
    public static final Marker DEBUG4 = MarkerManager.getMarker("DEBUG4");

    private DebugMarkers() {
    }

    /** The debug level a marker stands for, or 0 if it is not one of ours. */
    static int levelOf(Marker marker) {
        if (marker == null) {
            return 0;
        }
        return switch (marker.getName()) {
            case "DEBUG1" -> 1;
            case "DEBUG2" -> 2;
            case "DEBUG3" -> 3;
            case "DEBUG4" -> 4;
            default -> 0;
        };
    }
}
