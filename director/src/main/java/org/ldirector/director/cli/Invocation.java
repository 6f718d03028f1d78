package org.ldirector.director.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One command line, parsed with ldirectord's rules ({@code ld_init}): options first ({@code require_order},
 * bundling, {@code --} ends them), then {@code [configfile] command}; further arguments are
 * ignored. With one argument the config is {@code ldirectord.cf} and the cfgname
 * {@code ldirectord}; with two, the cfgname is the config argument's basename, extension kept.
 *
 * @param argv0     the launcher's path (the first word ldirectord logs in "invoked as")
 * @param args      the arguments after the options, as given
 * @param ipvs      the IPVS backend asked for ({@code --ipvs}, {@code --dry-run}, {@code --ipvsadm})
 */
public record Invocation(String argv0, boolean debug, boolean help, boolean version, Optional<Path> ipvsadm,
                         IpvsChoice ipvs, Path rundir, Optional<String> node, String configArgument, String cfgName,
                         String command, List<String> args, boolean foreground) {

    /** ldirectord's seven commands, plus ours. */
    public static final Set<String> COMMANDS = Set.of("start", "stop", "restart", "try-restart", "reload",
            "force-reload", "status", "configtest", "list", "demo", "ha-status", "standby", "takeover", "connections",
            "stats", "drain", "maintenance", "ready");

    /** Ours that take arguments after the command: {@code drain|maintenance|ready VIRTUAL REAL}. */
    public static final Set<String> REAL_ACTIONS = Set.of("drain", "maintenance", "ready");

    /** A command line ldirectord would answer with its usage and exit 255. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    @Command(name = "ldirectord")
    static final class Options {
        @Option(names = {"-d", "--debug"})
        boolean debug;
        @Option(names = {"-h", "-?", "--help"})
        boolean help;
        @Option(names = {"-v", "--version"})
        boolean version;
        @Option(names = "--ipvsadm", paramLabel = "PATH")
        Path ipvsadm;
        @Option(names = "--dry-run")
        boolean dryRun;
        @Option(names = "--ipvs", paramLabel = "BACKEND")
        String ipvs;
        @Option(names = "--rundir", paramLabel = "DIR")
        Path rundir;
        @Option(names = "--node", paramLabel = "NAME")
        String node;
        @Option(names = "--foreground")
        boolean foreground;
        @Parameters
        List<String> positional = new ArrayList<>();
    }

    public static Invocation parse(String argv0, String[] args) throws UsageException {
        Options o = new Options();
        CommandLine cl = new CommandLine(o);
        cl.setStopAtPositional(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setEndOfOptionsDelimiter("--");
        try {
            cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            throw new UsageException("Unknown option: " + first.replaceFirst("^-+", ""));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        IpvsChoice ipvs = IpvsChoice.of(o.ipvs, o.dryRun, o.ipvsadm != null);
        Path rundir = o.rundir != null ? o.rundir : Path.of(System.getProperty("ldirector.rundir", "/var/run"));
        List<String> pos = o.positional;
        if (o.help || o.version) {
            return new Invocation(argv0, o.debug, o.help, o.version, Optional.ofNullable(o.ipvsadm), ipvs, rundir,
                    Optional.ofNullable(o.node), "ldirectord.cf", "ldirectord", "", pos, o.foreground);
        }
        if (pos.isEmpty()) {
            throw new UsageException("");
        }
        String config;
        String cfgName;
        String command;
        if (pos.size() == 1 || REAL_ACTIONS.contains(pos.get(0))) {
            config = "ldirectord.cf";
            cfgName = "ldirectord";
            command = pos.get(0);
        } else {
            config = pos.get(0);
            int slash = config.lastIndexOf('/');
            cfgName = slash >= 0 ? config.substring(slash + 1) : config;
            command = pos.get(1);
        }
        if (!COMMANDS.contains(command)) {
            throw new UsageException("");
        }
        return new Invocation(argv0, o.debug, false, false, Optional.ofNullable(o.ipvsadm), ipvs, rundir,
                Optional.ofNullable(o.node), config, cfgName, command, pos, o.foreground);
    }

    /** What the running daemon is asked on its control socket: the command, and for a real action its virtual and real. */
    public String request() throws UsageException {
        if (!REAL_ACTIONS.contains(command)) {
            return command;
        }
        int at = args.indexOf(command);
        if (args.size() != at + 3) {
            throw new UsageException(command + " needs VIRTUAL REAL, e.g. " + command + " tcp:192.0.2.1:80 10.0.0.2:80");
        }
        return command + " " + args.get(at + 1) + " " + args.get(at + 2);
    }

    /** {@code --dry-run} or {@code --ipvs dry-run}: an in-memory table, the kernel untouched. */
    public boolean dryRun() {
        return ipvs == IpvsChoice.DRY_RUN;
    }

    /** ldirectord's {@code "invoked as"} text: {@code $0} and each remaining argument followed by one space. */
    public String invokedAs() {
        StringBuilder sb = new StringBuilder(argv0).append(' ');
        for (String a : args) {
            sb.append(a).append(' ');
        }
        return sb.toString();
    }
}
