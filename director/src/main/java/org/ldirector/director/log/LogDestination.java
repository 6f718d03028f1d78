package org.ldirector.director.log;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where ldirectord's log lines go: the four modes of {@code ld_log}.
 *
 * <pre>
 *   -d              stderr: "DEBUG2: msg" then "msg"; debug lines "DEBUG&lt;n&gt;: msg"
 *   supervised=yes  stdout: "[ctime] msg"
 *   logfile="/path" file:   "[ctime|cfgname|pid] msg", opened and closed for every line
 *   logfile="local0" syslog: ident ldirectord, option pid, priority info
 * </pre>
 */
public sealed interface LogDestination {

    /** ldirectord's default {@code logfile}. */
    Path DEFAULT_FILE = Path.of("/var/log/ldirectord.log");

    /** Where lines go before the configuration has been read (ldirectord's {@code ld_log} before {@code ld_openlog}). */
    static LogDestination defaultFile() {
        return new FileLog(DEFAULT_FILE);
    }

    /**
     * The destination for a {@code logfile="..."} value, as {@code ld_openlog} decides: a value starting with
     * {@code /} is a file, anything else a syslog facility name. An empty value or a name syslog does not know
     * becomes facility {@code user} (Sys::Syslog's default; for unknown names it would send a bogus priority).
     */
    static LogDestination ofLogfile(String logfile) {
        Objects.requireNonNull(logfile, "logfile");
        if (logfile.startsWith("/")) {
            return new FileLog(Path.of(logfile));
        }
        return new Syslog(Syslog.isFacility(logfile) ? logfile : "user");
    }

    /**
     * The destination ldirectord uses for a set of options: {@code -d} wins over {@code supervised=yes}, which wins
     * over {@code logfile} (the order of the branches in {@code ld_log}).
     */
    static LogDestination select(boolean debug, boolean supervised, String logfile) {
        if (debug) {
            return new Debug();
        }
        if (supervised) {
            return new Supervised();
        }
        return ofLogfile(logfile);
    }

    /** {@code logfile="/path"}: append {@code [<ctime>|<cfgname>|<pid>] <message>}; on failure print on stderr. */
    record FileLog(Path path) implements LogDestination {
        public FileLog {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("log file must be an absolute path: " + path);
            }
        }
    }

    /**
     * {@code logfile="<facility>"}: syslog with ident {@code ldirectord}, the pid, priority {@code info}.
     *
     * @param facility a syslog facility name ({@code daemon}, {@code local0} ... {@code local7}, {@code user}, ...)
     * @param socket   the syslog socket, {@code /dev/log} in production
     */
    record Syslog(String facility, Path socket) implements LogDestination {

        /** The system log socket that Perl's {@code setlogsock("unix")} writes to. */
        public static final Path DEV_LOG = Path.of("/dev/log");

        private static final Map<String, Integer> FACILITY_CODES = Map.ofEntries(
                Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
                Map.entry("auth", 4), Map.entry("security", 4), Map.entry("syslog", 5), Map.entry("lpr", 6),
                Map.entry("news", 7), Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10),
                Map.entry("ftp", 11),
                Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
                Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

        /** @throws IllegalArgumentException if syslog has no such facility */
        public Syslog {
            Objects.requireNonNull(facility, "facility");
            Objects.requireNonNull(socket, "socket");
            if (!isFacility(facility)) {
                throw new IllegalArgumentException("unknown syslog facility: " + facility);
            }
            facility = canonical(facility);
        }

        public Syslog(String facility) {
            this(facility, DEV_LOG);
        }

        /** Whether syslog knows the facility; like Sys::Syslog, case does not matter and {@code LOG_} may lead. */
        public static boolean isFacility(String name) {
            return FACILITY_CODES.containsKey(canonical(name));
        }

        private static String canonical(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.startsWith("log_") ? lower.substring(4) : lower;
        }

        /** The numeric facility code (e.g. 16 for {@code local0}). */
        public int facilityCode() {
            return FACILITY_CODES.get(facility);
        }

        /** The {@code PRI} value of an info message in this facility, e.g. 134 for {@code local0.info}. */
        public int infoPriority() {
            return facilityCode() * 8 + 6;
        }
    }

    /** {@code supervised=yes}: stdout, {@code [<ctime>] <message>}. */
    record Supervised() implements LogDestination {
    }

    /** {@code -d}: stderr, every line also as {@code DEBUG2: <message>} first; debug lines shown. */
    record Debug() implements LogDestination {
    }
}
