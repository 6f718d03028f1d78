package org.ldirector.director.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigMessage;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.ConfigPrinter;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.log.LogDestination;
import org.ldirector.director.log.LogSetup;

/**
 * {@code ldirectord [-d] [-h] [-v] [--ipvsadm PATH] [--dry-run] [--rundir DIR] [configfile] command}:
 * ldirectord's command line, texts and exit codes ({@code ld_init}): 0 ok, 1 init error / stale pid / reload
 * while stopped, 2 configuration error, 3 status while stopped, 255 usage.
 */
public final class Main {

    static final String VERSION_STR = "Linux Director v1.186-ha";
    static final String LDIRECTOR_VERSION = Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("0.1.0");
    /** Set in the environment of the detached daemon process that {@code start} spawns. */
    static final String DETACHED_ENV = "LDIRECTOR_DETACHED";

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final PrintStream out;
    private final PrintStream err;
    private final ConfigLocator locator;

    Main(PrintStream out, PrintStream err, ConfigLocator locator) {
        this.out = out;
        this.err = err;
        this.locator = locator;
    }

    /** {@code args[0]} is the launcher's path ({@code $0}); the rest are ldirectord's arguments. */
    public static void main(String[] args) {
        String argv0 = args.length > 0 ? args[0] : "ldirectord";
        String[] rest = new String[Math.max(0, args.length - 1)];
        System.arraycopy(args, Math.min(1, args.length), rest, 0, rest.length);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code;
        try {
            code = new Main(out, err, ConfigLocator.system()).run(argv0, rest);
        } catch (RuntimeException | Error e) {
            // A detached daemon has no stderr: the log is the only place this can be seen.
            LOG.error("Exiting with exit_status 1: internal error", e);
            err.println("ldirectord: internal error: " + e);
            code = 1;
        }
        LogSetup.shutdown();
        System.exit(code);
    }

    int run(String argv0, String[] args) {
        if (args.length >= 1 && args[0].equals("import")) {
            // Takes a source file and an output directory, not a configuration file and a command.
            return org.ldirector.director.importer.ImportCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    out, err);
        }
        if (args.length == 3 && args[0].equals("webpasswd")) {
            return org.ldirector.director.web.WebPasswdCommand.run(args[1], args[2], System.in, out, err);
        }
        Invocation inv;
        try {
            inv = Invocation.parse(argv0, args);
        } catch (Invocation.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            out.print(Usage.synopsis());
            return 255;
        }
        if (inv.help()) {
            out.print(Usage.help());
            return 0;
        }
        if (inv.version()) {
            out.print(Usage.version());
            return 0;
        }
        LogSetup.configure(inv.debug() ? new LogDestination.Debug() : LogDestination.defaultFile(), inv.cfgName());
        if (inv.command().equals("demo")) {
            return Demo.run(inv, out, err);
        }

        Optional<Path> located = locator.locate(inv.configArgument());
        if (located.isEmpty()) {
            return initError(inv, "Config file " + inv.configArgument() + " not found");
        }
        Path configPath = located.get();
        DirectorConfig config;
        try {
            config = ConfigParser.system().withDebug(inv.debug()).read(configPath);
            new ExecuteCycles(locator).check(configPath);
        } catch (ConfigException e) {
            return configError(inv, configPath, e);
        } catch (IOException e) {
            return initError(inv, "Config file " + configPath + " cannot be read: " + e.getMessage());
        }
        for (ConfigMessage w : config.warnings()) {
            LogSetup.printStderr(w.format(LogSetup.pid()));
        }
        Daemon.configureLogging(inv, config);
        LOG.info("Invoking ldirectord invoked as: {}", inv.invokedAs());

        PidFile pidFile = new PidFile(inv.rundir(), inv.cfgName());
        return switch (inv.command()) {
            case "configtest" -> configtest(config);
            case "status" -> status(inv, configPath, config.globals().execute(), pidFile);
            case "stop" -> stop(configPath, pidFile);
            case "reload", "force-reload" -> reload(inv, configPath, pidFile);
            case "restart", "try-restart" -> restart(inv, configPath, config, pidFile);
            case "start" -> start(inv, configPath, config, pidFile);
            case "list", "ha-status", "standby", "takeover", "connections", "stats", "drain", "maintenance", "ready" ->
                    ask(inv, configPath, pidFile);
            default -> throw new IllegalStateException(inv.command());
        };
    }

    private int configtest(DirectorConfig config) {
        out.print(ConfigPrinter.print(config));
        return 0;
    }

    private int status(Invocation inv, Path configPath, java.util.List<String> execute, PidFile pidFile) {
        switch (pidFile.read()) {
            case PidFile.Running r -> {
                String line = "ldirectord for " + configPath + " is running with pid: " + r.pid();
                err.println(line);
                new ExecuteInstances(inv).statusAll(execute);
                LOG.info(line);
                LOG.info("Exiting from ldirectord status");
                return 0;
            }
            case PidFile.Stale s -> {
                err.println("ldirectord stale pid file " + pidFile.path() + " for " + configPath);
                out.println("ldirectord is stopped for " + configPath);
                return exit(1, "ldirectord stale pid file " + pidFile.path() + " for " + configPath);
            }
            case PidFile.Absent a -> {
                out.println("ldirectord is stopped for " + configPath);
                return exit(3, "Exiting from ldirectord status");
            }
        }
    }

    /** Sends TERM and waits (bounded) until the daemon has removed its services and exited (ldirectord returns at once — bug 17). */
    private int stop(Path configPath, PidFile pidFile) {
        if (!(pidFile.read() instanceof PidFile.Running r)) {
            return 0;
        }
        return terminate(r.pid()) ? 0 : exit(1, "ldirectord for " + configPath + " did not stop within "
                + STOP_TIMEOUT.toSeconds() + " s (pid " + r.pid() + ")");
    }

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(Long.getLong("ldirector.stopTimeout", 60));

    private static boolean terminate(long pid) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty()) {
            return true;
        }
        ph.get().destroy(); // SIGTERM
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (ph.get().isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        return !ph.get().isAlive();
    }

    private int reload(Invocation inv, Path configPath, PidFile pidFile) {
        if (pidFile.read() instanceof PidFile.Running r) {
            Signals.send("HUP", r.pid());
            return 0;
        }
        LOG.info("ldirectord is stopped for {}", configPath);
        return exit(1, "ldirectord is stopped for " + configPath);
    }

    private int restart(Invocation inv, Path configPath, DirectorConfig config, PidFile pidFile) {
        if (pidFile.read() instanceof PidFile.Running r) {
            if (!terminate(r.pid())) {
                return exit(1, "ldirectord for " + configPath + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
            }
        } else if (inv.command().equals("try-restart")) {
            return 0;
        }
        return start(inv, configPath, config, pidFile);
    }

    private int start(Invocation inv, Path configPath, DirectorConfig config, PidFile pidFile) {
        if (inv.foreground()) {
            // systemd (Type=notify): this process is the daemon, with its pid file and log file as usual.
            if (pidFile.read() instanceof PidFile.Running r) {
                return initError(inv, "ldirectord for " + configPath + " is already running with pid: " + r.pid());
            }
            LOG.info("Starting {} with pid: {}", VERSION_STR, LogSetup.pid());
            return new Daemon(inv, configPath, config, Optional.of(pidFile), SystemdNotify.fromEnvironment()).run();
        }
        boolean detachedChild = System.getenv(DETACHED_ENV) != null;
        if (!detachedChild && pidFile.read() instanceof PidFile.Running) {
            return 0;
        }
        if (inv.debug() || config.globals().supervised()) {
            LOG.info("Starting {} with pid: {}", VERSION_STR, LogSetup.pid());
            return new Daemon(inv, configPath, config, Optional.empty()).run();
        }
        if (detachedChild) {
            return new Daemon(inv, configPath, config, Optional.of(pidFile)).run();
        }
        LOG.info("Starting {} as daemon", VERSION_STR);
        return Detacher.spawnAndWait(pidFile, err) ? 0 : initError(inv, "Can not start the daemon (see " + config.globals().logfile() + ")");
    }

    /** Commands the running daemon answers on its control socket; {@code connections} also works without it. */
    private int ask(Invocation inv, Path configPath, PidFile pidFile) {
        String request;
        try {
            request = inv.request();
        } catch (Invocation.UsageException e) {
            err.println("ldirectord: " + e.getMessage());
            return 2;
        }
        if (pidFile.read() instanceof PidFile.Running) {
            try {
                String answer = ControlSocket.ask(ControlSocket.pathFor(inv.rundir(), inv.cfgName()), request,
                        Duration.ofSeconds(30));
                if (answer.startsWith("error: ")) {
                    err.print(answer);
                    return 1;
                }
                out.print(answer);
                return 0;
            } catch (IOException e) {
                err.println("ldirectord for " + configPath + " is running but does not answer: " + e.getMessage());
                return 1;
            }
        }
        if (inv.command().equals("connections")) {
            try {
                out.print(FailoverLink.localConnections());
                return 0;
            } catch (IOException e) {
                err.println("ldirectord: cannot read the IPVS connection table: " + e.getMessage());
                return 1;
            }
        }
        out.println("ldirectord is stopped for " + configPath);
        return 3;
    }

    private int initError(Invocation inv, String message) {
        LOG.info(message);
        if (!inv.debug()) {
            err.println(message);
        }
        return exit(1, message);
    }

    private int configError(Invocation inv, Path configPath, ConfigException e) {
        for (ConfigMessage w : e.warnings()) {
            LogSetup.printStderr(w.format(LogSetup.pid()));
        }
        String text = e.format(LogSetup.pid());
        LogSetup.printStderr(text);
        if (inv.command().equals("stop")) {
            // Stopping needs no valid configuration: stop the daemon anyway (ldirectord refuses with exit 2).
            return stop(configPath, new PidFile(inv.rundir(), inv.cfgName()));
        }
        if (inv.command().equals("status")) {
            // The running daemon's state does not depend on the file on disk. ldirectord exits 2 here, and
            // the OCF agent then SIGKILLs a healthy daemon in the middle of its cleanup.
            return status(inv, configPath, java.util.List.of(), new PidFile(inv.rundir(), inv.cfgName()));
        }
        return exit(2, "config_error: Configuration Error");
    }

    private static int exit(int code, String reason) {
        if (code != 0) {
            LOG.info("Exiting with exit_status {}: {}", code, reason);
        }
        return code;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
