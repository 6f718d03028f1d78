package org.ldirector.director.log;

import java.time.Clock;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Points log4j at one ldirectord destination ({@code ld_log}). Everything in the daemon logs through
 * {@code LogManager.getLogger("ldirectord")}: {@code info/warn/error} are {@code ld_log} lines,
 * {@code debug/trace} are {@code DEBUG<n>:} lines (see {@link DebugMarkers}), shown only under {@code -d}.
 *
 * <pre>
 *   start:  LogSetup.configure(debug ? new Debug() : LogDestination.defaultFile(), LogSetup.cfgName(configArg));
 *           ... read the config; config errors: LogSetup.printStderr(message.format(LogSetup.pid()));
 *           LogSetup.configure(LogDestination.select(debug, supervised, logfile), cfgName);
 *   reload: LogSetup.configure(LogDestination.select(debug, supervised, newLogfile), cfgName);
 *   stop:   log the last line ("... terminated on signal: TERM"), then LogSetup.shutdown();
 * </pre>
 *
 * A reconfiguration swaps the whole log4j configuration; log4j lets lines already on their way finish on the old
 * destination and sends later ones to the new one, so no line is lost or written twice.
 */
public final class LogSetup {

    /** The logger every part of the daemon uses. */
    public static final String LOGGER_NAME = "ldirectord";

    /** {@code CFGNAME} when no config file is named on the command line. */
    public static final String DEFAULT_CFGNAME = "ldirectord";

    private static final long PID = ProcessHandle.current().pid();

    private static volatile LogDestination destination;
    private static volatile LineSink sink;

    private LogSetup() {
    }

    /**
     * Sends every later line to {@code destination}; call at start and again on reload. Lines logged while this
     * runs go whole to either the old or the new destination.
     *
     * @param cfgName the {@code CFGNAME} of the file prefix, see {@link #cfgName(String)}
     */
    public static void configure(LogDestination destination, String cfgName) {
        configure(destination, cfgName, Clock.systemDefaultZone());
    }

    /** As {@link #configure(LogDestination, String)}, with the clock (and time zone) of the timestamps. */
    static synchronized void configure(LogDestination destination, String cfgName, Clock clock) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(cfgName, "cfgName");
        Objects.requireNonNull(clock, "clock");
        LineSink next = switch (destination) {
            case LogDestination.FileLog file -> new FileSink(file.path(), cfgName, PID, clock);
            case LogDestination.Syslog syslog -> new SyslogSink(syslog, PID);
            case LogDestination.Supervised supervised -> new SupervisedSink(clock);
            case LogDestination.Debug debug -> new DebugSink();
        };
        Level level = destination instanceof LogDestination.Debug ? Level.ALL : Level.INFO;
        LoggerContext context = LoggerContext.getContext(false);
        context.reconfigure(new LdirectordConfiguration(context, new LdirectordAppender(next), level));
        LogSetup.destination = destination;
        LogSetup.sink = next;
    }

    /** The destination of the last {@link #configure}, or null before the first. */
    public static LogDestination destination() {
        return destination;
    }

    /**
     * ldirectord's {@code CFGNAME}: {@code ldirectord} for the one-argument form ({@code configArgument} null),
     * else the config argument after its last {@code /}, extension kept ({@code /etc/ha.d/ldirectord.cf} →
     * {@code ldirectord.cf}).
     */
    public static String cfgName(String configArgument) {
        if (configArgument == null) {
            return DEFAULT_CFGNAME;
        }
        return configArgument.substring(configArgument.lastIndexOf('/') + 1);
    }

    /** The pid in the file prefix and in syslog: this JVM's. */
    public static long pid() {
        return PID;
    }

    /**
     * {@code ld_openlog}'s test of a {@code logfile}: a file is opened for appending (and so created) and closed.
     * Other destinations cannot fail here. False means {@code unable to open logfile: <value>}.
     */
    public static boolean canOpen(LogDestination destination) {
        return !(destination instanceof LogDestination.FileLog file) || FileSink.append(file.path(), new byte[0]);
    }

    /**
     * Prints {@code text} and a newline on stderr only, whatever the destination, with secrets masked: for config
     * errors and warnings while starting ({@code config_error}) and the messages ldirectord prints on stderr as well as logging.
     * Never mixed into the middle of a log line on stderr.
     */
    public static void printStderr(String text) {
        StdStreams.err(Secrets.mask(text) + "\n");
    }

    /**
     * Call at the very end of stop, after the last line: for syslog, closes {@code logger}'s stdin and waits (at
     * most 2 s) until it has sent every line it read. File and console lines are already written when their
     * logging call returns, so there it does nothing. Log4j stays configured: a line logged later still goes to a
     * file or console destination, and to stderr instead of syslog.
     */
    public static synchronized void shutdown() {
        LineSink current = sink;
        if (current != null) {
            current.close();
        }
    }

    /** The sink of the current configuration; for tests. */
    static LineSink currentSink() {
        return sink;
    }
}
