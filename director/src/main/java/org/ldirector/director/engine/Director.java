package org.ldirector.director.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.alert.AlertSink;
import org.ldirector.director.alert.TableEvent;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsListing;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.monitor.CheckResult;

/**
 * The director engine: probes every real concurrently, runs each (virtual, real) through its
 * {@link RealHealth} state machine, and keeps the kernel's IPVS table equal to what configuration
 * and health want by planning ({@link TablePlanner}) and applying ({@link TableApplier}) the
 * difference in batches. Transitions arriving within {@link #COALESCE} of each other go out in
 * one batch.
 *
 * <p>All mutable state is guarded by {@link #lock}; probes run outside it.
 */
public final class Director implements Engine {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    /** Transitions arriving within this window are applied together. */
    static final Duration COALESCE = Duration.ofMillis(50);
    /** How long to wait before planning again after a failed batch. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** First probes per second after a start or reload (they are spread over more than a second beyond it). */
    static final int FIRST_ROUND_RATE = 2000;

    private final IpvsBackend ipvs;
    private final MonitorFactory monitors;
    private final FallbackCommand fallbackCommand;
    private final AlertSink alerts;
    private final Clock clock;
    private final LatenessRecorder lateness;
    private final TableApplier applier;
    private final MonitorFile monitorFile;
    private final Maintenance maintenance = new Maintenance();
    private final InFlightLimit inFlight = InFlightLimit.fromSystemProperty();
    private volatile DaemonStatus status = DaemonStatus.STARTING;
    private Thread ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // --- state guarded by lock ---
    private DirectorConfig config;
    private final Map<ServiceKey, VirtualService> virtuals = new HashMap<>();
    private final Map<RealKey, RealHealth> health = new HashMap<>();
    private final Map<CheckSpec, List<RealKey>> users = new HashMap<>();
    private final Map<CheckSpec, CheckLoop> loops = new HashMap<>();
    private final Set<RealKey> placeQuiescent = new HashSet<>();
    private final Set<ServiceKey> removedVirtuals = new HashSet<>();
    private final Map<ServiceKey, String> fallbackCommandState = new HashMap<>();
    private final Set<CheckSpec> awaitingFirstResult = new HashSet<>();
    private final Map<CheckSpec, CheckResult> lastResults = new HashMap<>();
    /** The virtual and config line of each (virtual, real), for monitorfile lines and maintenance. */
    private final Map<RealKey, RealServer> realServers = new HashMap<>();
    private boolean purgeUnconfigured;
    private boolean dirty;
    private long passesCompleted;
    /** How long the first probes of the last install are spread over. */
    private Duration firstRoundSpread = Duration.ZERO;
    private boolean running;
    private Thread reconciler;

    public Director(IpvsBackend ipvs, MonitorFactory monitors, FallbackCommand fallbackCommand, AlertSink alerts, Clock clock,
                    LatenessRecorder lateness) {
        this.ipvs = Objects.requireNonNull(ipvs);
        this.monitors = Objects.requireNonNull(monitors);
        this.fallbackCommand = Objects.requireNonNull(fallbackCommand);
        this.alerts = Objects.requireNonNull(alerts);
        this.clock = Objects.requireNonNull(clock);
        this.lateness = Objects.requireNonNull(lateness);
        this.applier = new TableApplier(ipvs);
        this.monitorFile = new MonitorFile(clock.getZone());
    }

    public Director(IpvsBackend ipvs, MonitorFactory monitors) {
        this(ipvs, monitors, new ShellFallbackCommand(), AlertSink.NONE, Clock.systemDefaultZone(), LatenessRecorder.NONE);
    }

    /** ldirectord's daemon state: starting, running, reloading, stopping (for e-mail filters and bodies). */
    public DaemonStatus status() {
        return status;
    }

    @Override
    public void start(DirectorConfig newConfig) {
        IpvsTable kernel = readKernelOrEmpty();
        lock.lock();
        try {
            if (running) {
                throw new IllegalStateException("already started");
            }
            running = true;
            status = DaemonStatus.STARTING;
            install(newConfig, kernel);
            reconciler = Thread.ofPlatform().name("ipvs-reconciler").daemon(true).start(this::reconcileLoop);
            ticker = Thread.ofVirtual().name("alert-ticker").start(this::tickLoop);
        } finally {
            lock.unlock();
        }
        awaitFirstRound(newConfig);
        status = DaemonStatus.RUNNING;
    }

    @Override
    public void reload(DirectorConfig newConfig) {
        IpvsTable kernel = readKernelOrEmpty();
        lock.lock();
        try {
            if (!running) {
                throw new IllegalStateException("not started");
            }
            status = DaemonStatus.RELOADING;
            for (VirtualService old : config.virtuals()) {
                if (newConfig.virtual(old.key()).isEmpty()) {
                    removedVirtuals.add(old.key());
                }
            }
            install(newConfig, kernel);
        } finally {
            lock.unlock();
        }
        awaitFirstRound(newConfig);
        status = DaemonStatus.RUNNING;
    }

    /**
     * Switches to {@code newConfig}: keeps the health and the probe loop of every real whose check
     * is unchanged, starts loops for new checks, stops loops of checks that are gone.
     */
    private void install(DirectorConfig newConfig, IpvsTable kernel) {
        Map<RealKey, RealHealth> newHealth = new HashMap<>();
        Map<RealKey, RealServer> newReals = new HashMap<>();
        Map<CheckSpec, List<RealKey>> newUsers = new LinkedHashMap<>();
        Map<CheckSpec, Duration> intervals = new HashMap<>();
        Duration globalInterval = Duration.ofSeconds(newConfig.globals().checkInterval());
        for (VirtualService v : newConfig.virtuals()) {
            Duration interval = v.check().checkInterval().isPresent()
                    ? Duration.ofSeconds(v.check().checkInterval().getAsInt()) : globalInterval;
            for (RealServer r : v.reals()) {
                RealKey rk = new RealKey(v.key(), r.endpoint());
                CheckSpec spec = CheckSpec.of(v, r);
                RealHealth kept = keptHealth(rk, spec, v);
                if (kept == null) {
                    kept = freshHealth(v, r, kernel);
                    CheckResult last = loops.containsKey(spec) ? lastResults.get(spec) : null;
                    if (last != null && kept.record(last.up(), last.message(), clock.instant())
                            && kept.health() == Health.DOWN) {
                        // A new user of a probe that is already running starts from its last result.
                        placeQuiescent.add(rk);
                    }
                }
                newHealth.put(rk, kept);
                newReals.put(rk, r);
                newUsers.computeIfAbsent(spec, s -> new ArrayList<>()).add(rk);
                intervals.merge(spec, interval, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        // Stop the loops whose check is gone.
        for (Map.Entry<CheckSpec, CheckLoop> e : new ArrayList<>(loops.entrySet())) {
            if (!newUsers.containsKey(e.getKey())) {
                e.getValue().stop();
                loops.remove(e.getKey());
                lastResults.remove(e.getKey());
            }
        }
        placeQuiescent.retainAll(newHealth.keySet());
        health.clear();
        health.putAll(newHealth);
        users.clear();
        users.putAll(newUsers);
        realServers.clear();
        realServers.putAll(newReals);
        config = newConfig;
        virtuals.clear();
        newConfig.virtuals().forEach(v -> virtuals.put(v.key(), v));
        fallbackCommandState.keySet().retainAll(newConfig.virtuals().stream().map(VirtualService::key).toList());
        awaitingFirstResult.clear();
        List<CheckSpec> fresh = new ArrayList<>();
        for (CheckSpec spec : newUsers.keySet()) {
            CheckLoop loop = loops.get(spec);
            if (loop != null) {
                loop.setInterval(intervals.get(spec));
            } else if (spec.type() != CheckType.OFF) { // checktype=off: nothing is checked
                fresh.add(spec);
            }
        }
        firstRoundSpread = firstRoundSpread(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            CheckSpec spec = fresh.get(i);
            Duration interval = intervals.get(spec);
            // Spread the first probes so that thousands of reals do not all fire in the same
            // instant every interval, nor all at once on a cold JVM.
            long spreadNanos = fresh.size() <= FIRST_ROUND_RATE
                    ? Math.min(interval.toNanos(), firstRoundSpread.toNanos()) : firstRoundSpread.toNanos();
            Duration firstDelay = Duration.ofNanos(fresh.size() <= 1 ? 0 : spreadNanos * i / fresh.size());
            CheckLoop loop = new CheckLoop(new Probe(spec, monitors), interval, firstDelay, this::deliver, lateness, inFlight);
            loops.put(spec, loop);
            awaitingFirstResult.add(spec);
            loop.start();
        }
        purgeUnconfigured = true;
        markDirty();
    }

    /**
     * One second, or more for more than {@value #FIRST_ROUND_RATE} new checks: at most that many
     * first probes per second while the JVM is still cold.
     */
    static Duration firstRoundSpread(int newChecks) {
        return Duration.ofMillis(Math.max(1000, newChecks * 1000L / FIRST_ROUND_RATE));
    }

    private RealHealth keptHealth(RealKey rk, CheckSpec spec, VirtualService v) {
        RealHealth old = health.get(rk);
        if (old == null || config == null) {
            return null;
        }
        List<RealKey> oldUsers = users.get(spec);
        if (oldUsers == null || !oldUsers.contains(rk)) {
            return null; // the check changed: start again from the kernel's state
        }
        VirtualService oldV = virtuals.get(rk.virtual());
        if (oldV == null || oldV.check().failureCount() != v.check().failureCount() || oldV.check().rise() != v.check().rise()) {
            return null;
        }
        return old;
    }

    private RealHealth freshHealth(VirtualService v, RealServer r, IpvsTable kernel) {
        Endpoint kernelEp = KernelRules.kernelEndpoint(v.key(), r.endpoint(), r.forwarding());
        boolean adoptedUp = kernel.destination(v.key(), kernelEp).map(d -> d.weight() > 0).orElse(false);
        Health initial = adoptedUp ? Health.UP : Health.UNKNOWN;
        if (!adoptedUp && v.check().type() == CheckType.OFF) {
            // Never checked: down for good, as ldirectord's start-up leaves it (§5.1, checktype off).
            initial = Health.DOWN;
            placeQuiescent.add(new RealKey(v.key(), r.endpoint()));
        }
        return new RealHealth(r.endpoint().toString(), v.key().id(), v.check().failureCount(), v.check().rise(), initial);
    }

    /** A probe result: feed it to every (virtual, real) that shares the check. */
    private void deliver(CheckSpec spec, CheckResult result) {
        lock.lock();
        try {
            List<RealKey> keys = users.get(spec);
            if (keys == null || !running) {
                return;
            }
            lastResults.put(spec, result);
            boolean readd = config.globals().readdQuiescent();
            Instant now = clock.instant();
            for (RealKey rk : keys) {
                RealHealth h = health.get(rk);
                VirtualService v = virtuals.get(rk.virtual());
                RealServer r = realServers.get(rk);
                Health before = h.health();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Checking {}: real server={} (virtual={}) {}", spec.type().configName(), spec.describe(),
                            rk.virtual().id(), result.up() ? "up" : "down");
                }
                boolean changedHealth;
                Optional<Path> maintenanceDir = config.globals().maintenanceDir();
                if (maintenanceDir.isPresent() && maintenance.inMaintenance(maintenanceDir.get(), r.endpoint())) {
                    changedHealth = h.forceDown("Server in maintenance", now);
                    v.monitorFile().ifPresent(f -> monitorFile.append(f, v, r, false, "Server in maintenance", now));
                } else {
                    changedHealth = h.record(result.up(), result.message(), now);
                    if (writesMonitorLine(spec, result)) {
                        v.monitorFile().ifPresent(f -> monitorFile.append(f, v, r, result.up(), result.message(), now));
                    }
                }
                if (changedHealth) {
                    if (h.health() == Health.DOWN && (before == Health.UNKNOWN || readd)) {
                        placeQuiescent.add(rk);
                    }
                    markDirty();
                }
            }
            if (awaitingFirstResult.remove(spec) && awaitingFirstResult.isEmpty()) {
                markDirty();
            }
        } finally {
            lock.unlock();
        }
    }

    /** ldirectord writes a monitor line for every check except external-perl, checktype=on and failed pings (§8.4). */
    private static boolean writesMonitorLine(CheckSpec spec, CheckResult result) {
        return switch (spec.type()) {
            case EXTERNAL_PERL, ON, OFF -> false;
            case PING -> result.up();
            default -> true;
        };
    }

    private void markDirty() {
        dirty = true;
        changed.signalAll();
    }

    private void reconcileLoop() {
        while (true) {
            try {
                if (!reconcileOnce()) {
                    return;
                }
            } catch (Throwable t) { // NOPMD: an Error here must not freeze the table while checks go on
                LOG.error("Error updating the IPVS table: {}; trying again", String.valueOf(t));
                lock.lock();
                try {
                    dirty = true;
                } finally {
                    lock.unlock();
                }
                sleep(RETRY);
            }
        }
    }

    /** One pass: waits for a change, plans and applies it. False once the director has stopped. */
    private boolean reconcileOnce() {
        TablePlanner.Inputs inputs;
        lock.lock();
        try {
            while (running && !dirty) {
                changed.awaitUninterruptibly();
            }
            if (!running) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        sleep(COALESCE);
        lock.lock();
        try {
            if (!running) {
                return false;
            }
            dirty = false;
            inputs = new TablePlanner.Inputs(config, healthSnapshot(), Set.copyOf(placeQuiescent),
                    config.globals().readdQuiescent(), purgeUnconfigured, Set.copyOf(removedVirtuals));
        } finally {
            lock.unlock();
        }
        boolean ok = applier.apply(kernel -> TablePlanner.plan(inputs, kernel), c -> alert(inputs.config(), c));
        lock.lock();
        try {
            if (ok) {
                if (inputs.purgeUnconfigured() && config == inputs.config()) {
                    purgeUnconfigured = false;
                }
                removedVirtuals.removeAll(inputs.removedVirtuals());
                placeQuiescent.removeAll(inputs.placeQuiescent());
                runFallbackCommands(inputs);
            } else {
                dirty = true;
            }
            passesCompleted++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!ok) {
            sleep(RETRY);
        }
        return true;
    }

    private void alert(DirectorConfig cfg, PlannedChange c) {
        if (c.kind().isMailed()) {
            cfg.virtual(c.virtual()).ifPresent(v -> alerts.changed(new TableEvent(c.kind(), c.message(), c.server(), v), status));
        }
    }

    private void tickLoop() {
        while (true) {
            try {
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
            alerts.tick(status);
        }
    }

    /** fallbackcommand start/stop, only when a virtual's "no real up" state changes (§6.7). */
    private void runFallbackCommands(TablePlanner.Inputs inputs) {
        if (config != inputs.config()) {
            return;
        }
        for (VirtualService v : config.virtuals()) {
            boolean anyUp = false;
            boolean allKnown = true;
            for (RealServer r : v.reals()) {
                Health h = inputs.health().getOrDefault(new RealKey(v.key(), r.endpoint()), Health.UNKNOWN);
                anyUp |= h == Health.UP;
                allKnown &= h != Health.UNKNOWN;
            }
            String want = anyUp ? "stop" : allKnown ? "start" : null;
            if (want == null || want.equals(fallbackCommandState.get(v.key()))) {
                continue;
            }
            fallbackCommandState.put(v.key(), want);
            v.fallbackCommand().ifPresent(cmd -> fallbackCommand.run(cmd, want, fallbackArgument(v.key()), v.key().protocolName()));
        }
    }

    private static String fallbackArgument(ServiceKey key) {
        return key instanceof ServiceKey.Address a ? a.endpoint().toString() : key.display();
    }

    private Map<RealKey, Health> healthSnapshot() {
        Map<RealKey, Health> m = new HashMap<>();
        health.forEach((k, v) -> m.put(k, v.health()));
        return m;
    }

    /** Waits until every probe of {@code forConfig} has reported once and a pass has applied it. */
    private void awaitFirstRound(DirectorConfig forConfig) {
        lock.lock();
        try {
            long maxNanos = 0;
            for (CheckSpec spec : users.keySet()) {
                maxNanos = Math.max(maxNanos, spec.maxDuration().toNanos());
            }
            // A first probe that times out is tried once more (CheckLoop).
            long deadline = System.nanoTime() + firstRoundSpread.toNanos() + 2 * maxNanos + Duration.ofSeconds(3).toNanos();
            while (running && config == forConfig && !awaitingFirstResult.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
            long target = passesCompleted + 1;
            while (running && config == forConfig && passesCompleted < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        List<CheckLoop> toStop;
        Thread rec;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            status = DaemonStatus.STOPPING;
            toStop = new ArrayList<>(loops.values());
            loops.clear();
            rec = reconciler;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        toStop.forEach(CheckLoop::stop);
        try {
            if (rec != null) {
                rec.join(Duration.ofSeconds(15)); // lets an in-flight batch finish
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<RealKey, Health> snapshot;
        lock.lock();
        try {
            snapshot = healthSnapshot();
        } finally {
            lock.unlock();
        }
        DirectorConfig cfg = config;
        for (int attempt = 1; attempt <= 3; attempt++) {
            if (applier.apply(kernel -> TablePlanner.planStop(cfg, snapshot, kernel), c -> alert(cfg, c))) {
                break;
            }
            sleep(RETRY);
        }
        for (VirtualService v : cfg.virtuals()) {
            // ldirectord never calls fallbackcommand on shutdown (upstream issue #750); we stop what we started.
            if ("start".equals(fallbackCommandState.get(v.key()))) {
                v.fallbackCommand().ifPresent(cmd -> fallbackCommand.run(cmd, "stop", fallbackArgument(v.key()), v.key().protocolName()));
            }
        }
        fallbackCommand.drain(10_000);
        if (ticker != null) {
            ticker.interrupt();
        }
        alerts.drain(10_000);
    }

    @Override
    public String list() {
        IpvsStatistics kernel;
        try {
            kernel = ipvs.readStatistics();
        } catch (IpvsException e) {
            return "Error reading the IPVS table: " + e.getMessage() + "\n";
        }
        IpvsListing.ConnectionCounts counts = (service, real) -> {
            IpvsCounters c = kernel.destination(service, real);
            return new IpvsListing.Connections(c.activeConnections(), c.inactiveConnections());
        };
        Map<RealKey, RealStatus> snapshot;
        DirectorConfig cfg;
        lock.lock();
        try {
            snapshot = statuses();
            cfg = config;
        } finally {
            lock.unlock();
        }
        return HealthListing.render(kernel.table(), counts, cfg, snapshot);
    }

    /** The status of every (virtual, real), for status reports and metrics. */
    public Map<RealKey, RealStatus> statuses() {
        lock.lock();
        try {
            Map<RealKey, RealStatus> m = new TreeMap<>();
            health.forEach((k, v) -> m.put(k, v.status()));
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** Runs every probe now instead of at its next interval (tests and diagnostics). */
    public void checkNow() {
        lock.lock();
        try {
            loops.values().forEach(CheckLoop::poke);
        } finally {
            lock.unlock();
        }
    }

    /** Number of reconcile passes completed so far. */
    public long passesCompleted() {
        lock.lock();
        try {
            return passesCompleted;
        } finally {
            lock.unlock();
        }
    }

    private IpvsTable readKernelOrEmpty() {
        try {
            return ipvs.read();
        } catch (IpvsException e) {
            LOG.info("Error reading the IPVS table: {}", e.getMessage());
            return IpvsTable.EMPTY;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
