package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.alert.EmailAlerts;
import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigMessage;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.CheckObserver;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.LatenessRecorder;
import org.ldirector.director.engine.ShellFallbackCommand;
import org.ldirector.director.engine.StandardMonitors;
import org.ldirector.director.hooks.EventHooks;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.log.LogDestination;
import org.ldirector.director.log.LogSetup;
import org.ldirector.director.log.Secrets;
import org.ldirector.director.web.DirectorStatusSource;
import org.ldirector.director.web.Metrics;
import org.ldirector.director.web.WebActions;
import org.ldirector.director.web.WebServer;
import org.ldirector.failover.Role;

/**
 * The running daemon: owns the engine, the pid file and the control socket, turns signals into
 * reloads and stops, and watches the config file for autoreload ({@code check_cfgfile}). Every event is handled on
 * the main thread, one at a time, so a reload never races a stop.
 */
final class Daemon {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private sealed interface Event permits Reload, Stop, Tick {
    }

    private record Reload() implements Event {
    }

    private record Stop(String signal) implements Event {
    }

    private record Tick() implements Event {
    }

    private final Invocation inv;
    private final Path configPath;
    private final Optional<PidFile> pidFile;
    private final SystemdNotify notify;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile DirectorConfig config;
    private Metrics metrics;
    /** drain/maintenance/ready: kept in the state file, passed on in cluster mode. */
    private RealActions actions;
    private volatile Director engine;
    /** notify, notifyfifo, monalert, monupalert: they follow the configuration like the e-mail alerts. */
    private EventHooks hooks;
    private final ConfigFileWatch watch;

    Daemon(Invocation inv, Path configPath, DirectorConfig config, Optional<PidFile> pidFile) {
        this(inv, configPath, config, pidFile, SystemdNotify.disabled());
    }

    Daemon(Invocation inv, Path configPath, DirectorConfig config, Optional<PidFile> pidFile, SystemdNotify notify) {
        this.notify = notify;
        this.inv = inv;
        this.configPath = configPath;
        this.config = config;
        this.pidFile = pidFile;
        this.watch = new ConfigFileWatch(configPath, config.digest());
    }

    /** Logging for {@code config} ({@code ld_log}): {@code -d} wins over supervised, which wins over logfile. */
    static void configureLogging(Invocation inv, DirectorConfig config) {
        List<String> secrets = new ArrayList<>();
        for (VirtualService v : config.virtuals()) {
            secrets.addAll(v.check().secrets());
        }
        Secrets.registerAll(secrets.stream().filter(s -> !s.isEmpty()).toList());
        LogDestination d = LogDestination.select(inv.debug(), config.globals().supervised(), config.globals().logfile());
        if (!d.equals(LogSetup.destination())) {
            LogSetup.configure(d, inv.cfgName());
        }
    }

    int run() {
        long pid = LogSetup.pid();
        IpvsBackend ipvs;
        try {
            ipvs = IpvsBackends.select(inv);
        } catch (IllegalStateException e) {
            LOG.info(e.getMessage());
            LogSetup.printStderr(e.getMessage());
            LOG.info("Exiting with exit_status 1: {}", e.getMessage());
            return 1;
        }
        if (pidFile.isPresent()) {
            try {
                pidFile.get().write(pid);
            } catch (IOException e) {
                String msg = "Can not open " + pidFile.get().path();
                LOG.info(msg);
                LOG.info("Exiting with exit_status 1: {}", msg);
                return 1;
            }
        }
        EmailAlerts alerts = new EmailAlerts();
        alerts.configure(config);
        metrics = config.globals().web().enabled() ? new Metrics() : null;
        Director director = new Director(ipvs, new StandardMonitors(), new ShellFallbackCommand(), alerts, Clock.systemDefaultZone(),
                metrics != null ? metrics : LatenessRecorder.NONE, metrics != null ? metrics : CheckObserver.NONE);
        engine = director;
        hooks = EventHooks.start(config);
        director.events().subscribe(hooks);
        FailoverLink failover = null;
        if (config.globals().failover().isPresent()) {
            try {
                failover = FailoverLink.start(inv, config.globals().failover().get(), ipvs, role -> director.events().publish(
                        new EngineEvent.RoleChanged(Instant.now(), role == Role.ACTIVE, role.name().toLowerCase(java.util.Locale.ROOT))));
            } catch (Exception e) {
                String msg = "Can not start failover with " + config.globals().failover().get() + ": " + e.getMessage();
                LOG.info(msg);
                LOG.info("Exiting with exit_status 1: {}", msg);
                pidFile.ifPresent(p -> p.removeIfOwnedBy(pid));
                return 1;
            }
        }
        ControlSocket control = openControlSocket(director, failover);
        // SIGQUIT stays the JVM's (thread dump); ldirectord treated it as TERM.
        for (String s : List.of("TERM", "INT")) {
            Signals.handle(s, name -> events.add(new Stop(name)));
        }
        Signals.handle("HUP", name -> events.add(new Reload()));
        // Any other way out of the JVM (System.exit elsewhere, a signal we do not handle) still
        // cleans up: the hook asks the main loop to stop and waits for it.
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            events.add(new Stop("TERM"));
            try {
                stopped.await(Main.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecuteInstances execute = new ExecuteInstances(inv);
        WebServer web = null;
        try {
            actions = RealActions.open(director, () -> config, inv.rundir().resolve("ldirectord." + inv.cfgName() + ".admin"),
                    Optional.ofNullable(failover));
            actions.applyTo(config);
            director.start(config);
            web = startWeb(director, ipvs, failover);
            execute.startAll(config.globals().execute());
            notify.ready(runningStatus());
            String stoppedBy = loop(director, execute, alerts);
            notify.stopping("Stopping on signal " + stoppedBy + ": removing the virtual services");
            if (failover != null) {
                failover.close(); // first: the peer takes the VIPs while our table is still intact
            }
            execute.stopAll(config.globals().execute());
            director.stop();
            LOG.info("Linux Director Daemon terminated on signal: {}", stoppedBy);
        } finally {
            if (web != null) {
                web.close();
            }
            if (control != null) {
                control.close();
            }
            hooks.close();
            pidFile.ifPresent(p -> p.removeIfOwnedBy(pid));
            stopped.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already exiting
        }
        return 0;
    }

    /** Handles events until a stop; returns the signal's name. */
    private String loop(Director director, ExecuteInstances execute, EmailAlerts alerts) {
        while (true) {
            Event e;
            try {
                e = events.poll(config.globals().checkInterval(), TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                return "TERM";
            }
            if (e == null) {
                e = new Tick();
            }
            switch (e) {
                case Stop s -> {
                    return s.signal();
                }
                case Reload r -> {
                    LOG.info("Reloading Linux Director Daemon config on signal");
                    notify.reloading("Reloading " + configPath);
                    reload(director, execute, alerts);
                    notify.ready(runningStatus());
                }
                case Tick t -> checkConfigFile(director, execute, alerts);
            }
        }
    }

    /** The one-line STATUS= for systemctl status. */
    private String runningStatus() {
        return "Running: " + config.virtuals().size() + " virtual services from " + configPath;
    }

    /** Re-reads the file; a bad file keeps the whole running configuration (ldirectord keeps only its virtuals — bug 5). */
    private void reload(Director director, ExecuteInstances execute, EmailAlerts alerts) {
        DirectorConfig next;
        try {
            next = ConfigParser.system().withDebug(inv.debug()).read(configPath);
            new ExecuteCycles(ConfigLocator.system()).check(configPath);
        } catch (ConfigException ex) {
            for (ConfigMessage w : ex.warnings()) {
                LOG.info(w.format(LogSetup.pid()));
            }
            LOG.info(ex.format(LogSetup.pid()));
            reloaded(false);
            return;
        } catch (IOException ex) {
            LOG.info("Error reading {}: {}", configPath, ex.getMessage());
            reloaded(false);
            return;
        }
        for (ConfigMessage w : next.warnings()) {
            LOG.info(w.format(LogSetup.pid()));
        }
        try {
            configureLogging(inv, next);
            alerts.configure(next);
            hooks.configure(next);
            synchronized (this) {
                actions.applyTo(next);
                director.reload(next);
            }
        } catch (RuntimeException ex) {
            // Whatever fails while applying a new file, the daemon keeps running on the configuration it has.
            LOG.error("Reload of {} failed, keeping the running configuration: {}", configPath, ex.toString());
            configureLogging(inv, config);
            alerts.configure(config);
            hooks.configure(config);
            reloaded(false);
            return;
        }
        List<String> executeBefore = config.globals().execute();
        synchronized (this) {
            config = next;
        }
        execute.reload(executeBefore, next.globals().execute());
        watch.running(next.digest());
        reloaded(true);
    }

    private void reloaded(boolean ok) {
        if (engine != null) {
            engine.events().publish(new EngineEvent.Reloaded(Instant.now(), ok, configPath.toString()));
        }
        if (metrics != null) {
            metrics.reloaded(ok);
        }
    }

    /** The web interface, when {@code web=} is set (a changed web= takes effect at the next start). */
    private WebServer startWeb(Director director, IpvsBackend ipvs, FailoverLink failover) {
        if (metrics == null) {
            return null;
        }
        DirectorStatusSource source = new DirectorStatusSource(director, ipvs, () -> {
            if (failover == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(failover.clusterStatus());
            } catch (RuntimeException e) {
                LOG.debug("Cluster status not available: {}", e.toString());
                return Optional.empty();
            }
        }, Clock.systemUTC());
        WebActions web = new WebActions() {
            @Override
            public String real(String action, String virtual, String real) {
                String done = actions.take(action, virtual, real);
                source.invalidate();
                return done;
            }

            @Override
            public String cluster(String action) {
                if (failover == null) {
                    throw new IllegalStateException("not in cluster mode (no failover= in " + configPath + ")");
                }
                return action.equals("standby") ? failover.standby() : failover.takeover();
            }
        };
        try {
            return WebServer.start(config.globals().web(), source, metrics, web);
        } catch (Exception e) {
            LOG.info("Web interface not available on {}:{}: {}", config.globals().web().address().get().getHostAddress(),
                    config.globals().web().port(), e.getMessage());
            return null;
        }
    }

    /** ldirectord's {@code check_cfgfile}, once the new content has settled ({@link ConfigFileWatch}). */
    private void checkConfigFile(Director director, ExecuteInstances execute, EmailAlerts alerts) {
        if (!watch.changedAndSettled()) {
            return;
        }
        LOG.info("Configuration file '{}' has changed on disk", configPath);
        if (config.globals().autoreload()) {
            LOG.info(" - reread new configuration");
            reload(director, execute, alerts);
        } else {
            LOG.info(" - ignore new configuration");
        }
        config.globals().callback().ifPresent(cb -> runCallback(cb));
    }

    private void runCallback(String callback) {
        if (!Files.isExecutable(Path.of(callback))) {
            return;
        }
        String line = callback + " " + configPath;
        LOG.debug("Running system({})", line);
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.info("system({}) failed: timed out", line);
            }
        } catch (IOException ex) {
            LOG.info("system({}) failed: {}", line, ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private ControlSocket openControlSocket(Director director, FailoverLink failover) {
        Path path = ControlSocket.pathFor(inv.rundir(), inv.cfgName());
        try {
            return ControlSocket.open(path, request -> switch (request) {
                case "list" -> director.list();
                case "stats" -> director.stats(false) + "\n" + director.stats(true);
                case "connections" -> {
                    try {
                        yield failover != null ? failover.connections() : FailoverLink.localConnections();
                    } catch (IOException e) {
                        yield "error: cannot read the IPVS connection table: " + e.getMessage() + "\n";
                    }
                }
                case "ha-status", "standby", "takeover" -> {
                    if (failover == null) {
                        yield "error: not in cluster mode (no failover= in " + configPath + ")\n";
                    }
                    try {
                        yield switch (request) {
                            case "ha-status" -> failover.status();
                            case "standby" -> failover.standby();
                            default -> failover.takeover();
                        };
                    } catch (IllegalStateException e) {
                        yield "error: " + e.getMessage() + "\n";
                    }
                }
                default -> request.startsWith("drain ") || request.startsWith("maintenance ") || request.startsWith("ready ")
                        ? actions.request(request) : "error: unknown request: " + request + "\n";
            });
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("Control socket {} not available: {}", path, e.getMessage());
            return null;
        }
    }
}
