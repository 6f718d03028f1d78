package org.ldirector.director.ipvs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel's IPVS table through the {@code ipvsadm} program (ipvsadm 1.31, Debian's {@code 1:1.31}).
 *
 * <p>Reading takes {@code ipvsadm -L -n} (forwarding, weight, scheduler, flags, persistence,
 * netmask, connection counts) and {@code ipvsadm -L -n --thresholds} (the only layout with the
 * thresholds; {@code -S} has none and shows a {@code Local} real as {@code -g}), as ldirectord
 * does. If the table changes between the two runs they disagree and the pair is taken again.
 *
 * <p>Changing sends a whole batch through one {@code ipvsadm -R}. How ipvsadm 1.31 handles an
 * error there (ipvsadm.c, config_stream.c):
 * <ul>
 *   <li>{@code restore_table()} runs {@code result = process_options(i, strv, 1);} for every line
 *       and returns the result of the <em>last</em> line. A line the kernel rejects ("Service already
 *       exists", "No such destination", ...) prints the error to stderr and the next lines still
 *       run, so the exit status is 0 when the last line succeeds.</li>
 *   <li>A line ipvsadm itself refuses ({@code fail()}: "Zero port specified for non-persistent
 *       service", "illegal weight specified", ...) exits with status 2 at once: the lines before it
 *       are applied, the lines after it are not.</li>
 *   <li>A kernel error on the last line gives status 255 ({@code return -1} from main).</li>
 * </ul>
 * So a batch counts as failed when the status is not 0 <em>or</em> anything was written to
 * stderr, and a failed batch may have been applied in part: the {@link IpvsException} says so,
 * with ipvsadm's stderr, and the caller must {@link #read()} again (ldirectord bug 13 was to log
 * and carry on as if it had worked).
 */
public final class IpvsadmBackend implements IpvsBackend {

    /** Where ldirectord and distributions put ipvsadm, in the order they are tried. */
    public static final List<Path> DEFAULT_LOCATIONS = List.of(Path.of("/sbin/ipvsadm"), Path.of("/usr/sbin/ipvsadm"));

    /** A hung ipvsadm (a stuck netlink socket, a modprobe that never returns) is killed after this long. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final int READ_ATTEMPTS = 3;

    private final Path executable;
    private final Duration timeout;
    private final Map<String, String> environment;

    /** ipvsadm from {@link #DEFAULT_LOCATIONS} ({@code /sbin/ipvsadm} if none exists; {@link #probe()} then says so). */
    public IpvsadmBackend() {
        this(locate().orElse(DEFAULT_LOCATIONS.get(0)));
    }

    public IpvsadmBackend(Path executable) {
        this(executable, DEFAULT_TIMEOUT);
    }

    public IpvsadmBackend(Path executable, Duration timeout) {
        this(executable, timeout, Map.of());
    }

    /** @param environment extra environment variables for ipvsadm (the test stand-in reads its settings from there) */
    public IpvsadmBackend(Path executable, Duration timeout, Map<String, String> environment) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.environment = Map.copyOf(environment);
    }

    /** The first executable ipvsadm of {@link #DEFAULT_LOCATIONS}. */
    public static Optional<Path> locate() {
        return locate(DEFAULT_LOCATIONS);
    }

    static Optional<Path> locate(List<Path> candidates) {
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    public Path executable() {
        return executable;
    }

    @Override
    public String describe() {
        return "ipvsadm (" + executable + ")";
    }

    @Override
    public IpvsTable read() throws IpvsException {
        return readWithConnections().table();
    }

    /** The table and each real's connection counts (for a listing in {@code ipvsadm -L -n} layout). */
    public IpvsListing.Parsed readWithConnections() throws IpvsException {
        ListingParser.ListingsDisagree last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            String list = output(List.of("-L", "-n"));
            String thresholds = output(List.of("-L", "-n", "--thresholds"));
            try {
                return IpvsListing.parseList(list, thresholds);
            } catch (ListingParser.ListingsDisagree e) {
                last = e;   // changed between the two runs (another tool, or the other director): take both again
            }
        }
        throw new IpvsException("the IPVS table kept changing while it was read (" + READ_ATTEMPTS + " attempts): "
                + last.getMessage());
    }

    /**
     * {@code -L -n}, {@code --thresholds}, {@code --stats --exact} and {@code --rate --exact}, taken
     * one after the other; if the table changed in between they disagree and all four are taken again.
     */
    @Override
    public IpvsStatistics readStatistics() throws IpvsException {
        ListingParser.ListingsDisagree last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            String list = output(List.of("-L", "-n"));
            String thresholds = output(List.of("-L", "-n", "--thresholds"));
            String stats = output(List.of("-L", "-n", "--stats", "--exact"));
            String rates = output(List.of("-L", "-n", "--rate", "--exact"));
            try {
                return StatisticsParser.combine(IpvsListing.parseList(list, thresholds),
                        StatisticsParser.parse(stats, "ipvsadm -L -n --stats --exact"),
                        StatisticsParser.parse(rates, "ipvsadm -L -n --rate --exact"));
            } catch (ListingParser.ListingsDisagree e) {
                last = e;
            }
        }
        throw new IpvsException("the IPVS table kept changing while it was read (" + READ_ATTEMPTS + " attempts): "
                + last.getMessage());
    }

    @Override
    public String connectionTable() throws IpvsException {
        return connections();
    }

    @Override
    public void apply(List<IpvsCommand> commands) throws IpvsException {
        if (commands.isEmpty()) {
            return;
        }
        StringBuilder stdin = new StringBuilder();
        for (IpvsCommand c : commands) {
            String args = c.ipvsadmArgs();
            if (args.indexOf('\n') >= 0 || args.indexOf('\r') >= 0) {
                // a scheduler or flag text with a line break would smuggle in a command of its own
                throw new IpvsUsageException("ipvsadm arguments must be one line, nothing was applied: "
                        + args.replace("\n", "\\n").replace("\r", "\\r"));
            }
            stdin.append(args).append('\n');
        }
        IpvsadmProcess.Result r = IpvsadmProcess.run(executable, List.of("-R"), stdin.toString(), timeout, environment);
        String errors = withoutWarnings(r.stderr());
        if (r.exitCode() != 0 || !errors.isBlank()) {
            String what = errors.isBlank() ? "no message" : IpvsadmProcess.oneLine(errors);
            String how = r.exitCode() != 0 ? "failed" : "reported errors";
            throw new IpvsException("ipvsadm -R " + how + " (exit status " + r.exitCode() + ") on a batch of "
                    + commands.size() + (commands.size() == 1 ? " command" : " commands")
                    + ", which may be applied in part: " + what);
        }
    }

    /** {@code ipvsadm -L -n -c}: the connection table as ipvsadm prints it. */
    public String connections() throws IpvsException {
        return output(List.of("-L", "-n", "-c"));
    }

    /**
     * {@code ipvsadm --stop-daemon} of the other role, then {@code --start-daemon ROLE --mcast-interface
     * IF [--syncid N]}. A failed stop ("No daemon is running") is ignored; a failed start is an error
     * unless the daemon already runs ("Daemon has already run", left from an earlier run of ours).
     */
    @Override
    public void syncDaemon(SyncDaemonRole role, String interfaceName, OptionalInt syncId) throws IpvsException {
        switch (role) {
            case MASTER -> {
                daemonCommand(List.of("--stop-daemon", "backup"), false);
                daemonCommand(startDaemon("master", interfaceName, syncId), true);
            }
            case BACKUP -> {
                daemonCommand(List.of("--stop-daemon", "master"), false);
                daemonCommand(startDaemon("backup", interfaceName, syncId), true);
            }
            case STOPPED -> {
                daemonCommand(List.of("--stop-daemon", "master"), false);
                daemonCommand(List.of("--stop-daemon", "backup"), false);
            }
        }
    }

    private static List<String> startDaemon(String state, String interfaceName, OptionalInt syncId) {
        List<String> args = new java.util.ArrayList<>(List.of("--start-daemon", state, "--mcast-interface", interfaceName));
        syncId.ifPresent(id -> args.addAll(List.of("--syncid", Integer.toString(id))));
        return args;
    }

    private void daemonCommand(List<String> args, boolean required) throws IpvsException {
        IpvsadmProcess.Result r = IpvsadmProcess.run(executable, args, null, timeout, environment);
        String out = r.stderr() + r.stdout();
        if (!r.succeeded() && required && !out.contains("exists") && !out.contains("already")) {
            throw new IpvsException(r.command() + " failed (exit status " + r.exitCode() + "): "
                    + IpvsadmProcess.oneLine(r.stderr()));
        }
    }

    /**
     * Runs {@code ipvsadm -v}. ipvsadm initialises IPVS before it looks at its arguments (and tries
     * {@code modprobe ip_vs} once), so this fails with the kernel's reason when IPVS is missing:
     * {@code Can't initialize ipvs: Protocol not available; Are you sure that IP Virtual Server is
     * built in the kernel or as module?}, or {@code ...: Permission denied (you must be root)}.
     */
    @Override
    public IpvsAvailability probe() {
        if (!Files.exists(executable)) {
            return IpvsAvailability.unavailable("ipvsadm not found at " + executable
                    + (executable.equals(DEFAULT_LOCATIONS.get(0)) ? " or " + DEFAULT_LOCATIONS.get(1) : "")
                    + " (install the ipvsadm package)");
        }
        if (!Files.isExecutable(executable)) {
            return IpvsAvailability.unavailable(executable + " is not executable");
        }
        try {
            IpvsadmProcess.Result r = IpvsadmProcess.run(executable, List.of("-v"), null, timeout, environment);
            if (r.succeeded()) {
                return IpvsAvailability.available(IpvsadmProcess.oneLine(r.stdout()));
            }
            String why = IpvsadmProcess.oneLine(r.stderr());
            return IpvsAvailability.unavailable(why.isEmpty() ? "ipvsadm -v exited with status " + r.exitCode() : why);
        } catch (IpvsException e) {
            return IpvsAvailability.unavailable(e.getMessage());
        }
    }

    private String output(List<String> args) throws IpvsException {
        IpvsadmProcess.Result r = IpvsadmProcess.run(executable, args, null, timeout, environment);
        if (!r.succeeded()) {
            String why = IpvsadmProcess.oneLine(r.stderr());
            throw new IpvsException(r.command() + " failed (exit status " + r.exitCode() + ")"
                    + (why.isEmpty() ? "" : ": " + why));
        }
        return r.stdout();
    }

    /**
     * stderr without check_ipvs_version()'s warning block ("Warning: IPVS version mismatch: ...",
     * printed by a too-new ipvsadm on an old kernel before anything else), which is not an error.
     */
    static String withoutWarnings(String stderr) {
        int i = stderr.indexOf("Warning: IPVS version mismatch");
        if (i < 0) {
            return stderr;
        }
        int end = stderr.indexOf("\n\n", i);   // the block ends with an empty line
        return stderr.substring(0, i) + (end < 0 ? "" : stderr.substring(end + 2));
    }

    @Override
    public String toString() {
        return describe();
    }
}
