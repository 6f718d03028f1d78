package org.ldirector.director.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.alert.AlertSink;
import org.ldirector.director.alert.TableEvent;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.monitor.CheckResult;

/**
 * The director engine: wires the {@link HealthBook} (what is believed), the {@link CheckScheduler}
 * (the probes), the {@link Reconciler} (the kernel's table) and {@link FallbackCommands}, and
 * publishes what happens on its {@link EventStream}. {@link #snapshot()} is the one view of the
 * engine that {@code list}, the control socket, the metrics and the page read.
 *
 * <p>The book and the scheduler are guarded by {@link #lock}. Probes, kernel reads and writes,
 * log lines, monitorfile lines, maintenancedir lookups and event listeners all run outside it, so
 * none of them stalls the delivery of another result.
 */
public final class Director implements Engine {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final IpvsBackend ipvs;
    private final FallbackCommand fallbackCommand;
    private final AlertSink alerts;
    private final Clock clock;
    private final TableApplier applier;
    private final Maintenance maintenance = new Maintenance();
    private final EventStream events = new EventStream();
    private final CheckObserver observer;
    private final ResultEffects effects;
    private volatile DaemonStatus status = DaemonStatus.STARTING;
    private Thread ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition firstResults = lock.newCondition();
    // --- guarded by lock ---
    private final HealthBook book = new HealthBook();
    private final FallbackCommands fallback = new FallbackCommands();
    private final CheckScheduler scheduler;
    private final Reconciler reconciler;
    private boolean running;

    public Director(IpvsBackend ipvs, MonitorFactory monitors, FallbackCommand fallbackCommand, AlertSink alerts, Clock clock,
                    LatenessRecorder lateness) {
        this(ipvs, monitors, fallbackCommand, alerts, clock, lateness, CheckObserver.NONE);
    }

    public Director(IpvsBackend ipvs, MonitorFactory monitors, FallbackCommand fallbackCommand, AlertSink alerts, Clock clock,
                    LatenessRecorder lateness, CheckObserver observer) {
        this.observer = Objects.requireNonNull(observer);
        this.ipvs = Objects.requireNonNull(ipvs);
        this.fallbackCommand = Objects.requireNonNull(fallbackCommand);
        this.alerts = Objects.requireNonNull(alerts);
        this.clock = Objects.requireNonNull(clock);
        this.applier = new TableApplier(ipvs);
        this.effects = new ResultEffects(new MonitorFile(clock.getZone()), events, observer);
        this.scheduler = new CheckScheduler(Objects.requireNonNull(monitors), new CheckLoop.ResultSink() {
            @Override
            public void accept(CheckSpec spec, CheckResult result, long durationNanos) {
                deliverAll(List.of(new CheckLoop.Delivery(spec, result, durationNanos)));
            }

            @Override
            public void acceptAll(List<CheckLoop.Delivery> batch) {
                deliverAll(batch);
            }
        }, Objects.requireNonNull(lateness));
        this.reconciler = new Reconciler(applier, new Reconciler.Book() {
            @Override
            public Optional<TablePlanner.Inputs> inputs() {
                return passInputs();
            }

            @Override
            public void applied(TablePlanner.Inputs inputs) {
                passApplied(inputs);
            }

            @Override
            public void changed(DirectorConfig config, PlannedChange change) {
                alert(config, change);
            }
        });
    }

    public Director(IpvsBackend ipvs, MonitorFactory monitors) {
        this(ipvs, monitors, new ShellFallbackCommand(), AlertSink.NONE, Clock.systemDefaultZone(), LatenessRecorder.NONE);
    }

    /** ldirectord's daemon state: starting, running, reloading, stopping (for e-mail filters and bodies). */
    public DaemonStatus status() {
        return status;
    }

    /** What happens to the director, in order: real state changes and fallbacks here; reloads and roles from the daemon. */
    public EventStream events() {
        return events;
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
            scheduler.apply(book.install(newConfig, kernel, clock.instant()));
            reconciler.start();
            reconciler.markDirty();
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
            scheduler.apply(book.install(newConfig, kernel, clock.instant()));
            reconciler.markDirty();
        } finally {
            lock.unlock();
        }
        awaitFirstRound(newConfig);
        status = DaemonStatus.RUNNING;
    }

    /**
     * Sets ({@code mark} present) or clears the operator's mark on one real: drain (weight 0,
     * still checked) or maintenance (out of the table). Works before {@link #start} too, so marks
     * kept from an earlier run apply from the first pass; {@link #awaitPass} waits for the table.
     */
    public void mark(RealKey real, Optional<AdminMark> mark) {
        List<EngineEvent> changes;
        boolean started;
        lock.lock();
        try {
            changes = book.mark(real, mark, clock.instant());
            started = running;
        } finally {
            lock.unlock();
        }
        events.publishAll(changes);
        if (started) {
            reconciler.markDirty();
        }
    }

    /** Waits for the next table pass to complete (at most {@code timeout}): an action's effect is then in the kernel, or being retried. */
    public void awaitPass(Duration timeout) {
        try {
            reconciler.awaitPasses(reconciler.passes() + 1, System.nanoTime() + timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Probe results, in order: feed each to every (virtual, real) that shares its check. The
     * director's lock is taken twice for the whole batch (to look the users up, and to record),
     * not twice per result; log lines, monitorfile lines, events and listeners follow outside it,
     * in the results' order. A result that fails is logged and does not stop the others.
     */
    private void deliverAll(List<CheckLoop.Delivery> batch) {
        int n = batch.size();
        @SuppressWarnings("unchecked")
        List<RealKey>[] users = new List[n];
        Optional<Path> maintenanceDir;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            for (int i = 0; i < n; i++) {
                users[i] = book.usersOf(batch.get(i).spec());
            }
            maintenanceDir = book.maintenanceDir();
        } finally {
            lock.unlock();
        }
        // The maintenancedir lookup (a reverse DNS name, files) happens before taking the lock.
        @SuppressWarnings("unchecked")
        Set<Endpoint>[] inMaintenance = new Set[n];
        for (int i = 0; i < n; i++) {
            inMaintenance[i] = maintenanceDir.isPresent() ? maintenance.heldOut(maintenanceDir.get(), users[i]) : Set.of();
        }
        HealthBook.Recorded[] recorded = new HealthBook.Recorded[n];
        boolean tableChanged = false;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            boolean debug = LOG.isDebugEnabled();
            Instant now = clock.instant();
            for (int i = 0; i < n; i++) {
                CheckLoop.Delivery d = batch.get(i);
                try {
                    recorded[i] = book.record(d.spec(), d.result(), inMaintenance[i]::contains, debug, now);
                } catch (RuntimeException e) { // NOPMD: one bad delivery must not end the deliveries
                    LOG.error("Error handling the result of {}: {}", d.spec().describe(), e.toString());
                    recorded[i] = HealthBook.Recorded.NOTHING;
                }
                tableChanged |= recorded[i].tableChanged();
            }
        } finally {
            lock.unlock();
        }
        if (tableChanged) {
            reconciler.markDirty();
            lock.lock();
            try {
                firstResults.signalAll();
            } finally {
                lock.unlock();
            }
        }
        for (int i = 0; i < n; i++) {
            effects.apply(batch.get(i), recorded[i], users[i], inMaintenance[i]);
        }
    }

    private Optional<TablePlanner.Inputs> passInputs() {
        lock.lock();
        try {
            return running ? Optional.of(book.inputs()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private void passApplied(TablePlanner.Inputs inputs) {
        List<FallbackCommands.Run> runs = List.of();
        List<EngineEvent> changes = new ArrayList<>();
        lock.lock();
        try {
            book.applied(inputs);
            if (book.config() == inputs.config()) {
                runs = fallback.update(inputs.config(), book::serving, clock.instant(), changes);
            }
        } finally {
            lock.unlock();
        }
        events.publishAll(changes);
        runs.forEach(r -> r.on(fallbackCommand));
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

    /** Waits until every probe of {@code forConfig} has reported once and a pass has applied it. */
    private void awaitFirstRound(DirectorConfig forConfig) {
        long deadline;
        lock.lock();
        try {
            // A first probe that times out is tried once more (CheckLoop).
            deadline = System.nanoTime() + scheduler.firstRoundSpread().toNanos() + 2 * book.longestProbe().toNanos()
                    + Duration.ofSeconds(3).toNanos();
            while (running && book.config() == forConfig && book.awaitingFirstResults()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                firstResults.awaitNanos(left);
            }
            if (!running || book.config() != forConfig) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            lock.unlock();
        }
        try {
            reconciler.awaitPasses(reconciler.passes() + 1, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            status = DaemonStatus.STOPPING;
            scheduler.stopAll();
            firstResults.signalAll();
        } finally {
            lock.unlock();
        }
        reconciler.stop(Duration.ofSeconds(15)); // lets an in-flight batch finish
        Map<RealKey, Health> health;
        DirectorConfig cfg;
        List<FallbackCommands.Run> stops;
        lock.lock();
        try {
            health = book.healthMap();
            cfg = book.config();
            stops = fallback.stopAll(cfg);
        } finally {
            lock.unlock();
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            if (applier.apply(kernel -> TablePlanner.planStop(cfg, health, kernel), c -> alert(cfg, c))) {
                break;
            }
            Reconciler.sleep(Reconciler.RETRY);
        }
        // ldirectord never calls fallbackcommand on shutdown (upstream issue #750); we stop what we started.
        stops.forEach(r -> r.on(fallbackCommand));
        fallbackCommand.drain(10_000);
        if (ticker != null) {
            ticker.interrupt();
        }
        alerts.drain(10_000);
    }

    /** What the engine believes now, in one consistent view. */
    public EngineSnapshot snapshot() {
        lock.lock();
        try {
            return new EngineSnapshot(clock.instant(), status, Optional.ofNullable(book.config()), book.views(fallback::active),
                    reconciler.passes());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String list() {
        IpvsStatistics kernel;
        try {
            kernel = ipvs.readStatistics();
        } catch (IpvsException e) {
            return "Error reading the IPVS table: " + e.getMessage() + "\n";
        }
        return HealthListing.render(kernel, snapshot());
    }

    /** {@code ldirectord stats}: the table in {@code ipvsadm -Ln --stats} (or {@code --rate}) layout with the health columns of {@link #list}. */
    public String stats(boolean rate) {
        IpvsStatistics kernel;
        try {
            kernel = ipvs.readStatistics();
        } catch (IpvsException e) {
            return "Error reading the IPVS table: " + e.getMessage() + "\n";
        }
        return HealthListing.renderStatistics(kernel, rate, snapshot());
    }

    /** Runs every probe now instead of at its next interval (tests and diagnostics). */
    public void checkNow() {
        lock.lock();
        try {
            scheduler.pokeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Number of reconcile passes completed so far. */
    public long passesCompleted() {
        return reconciler.passes();
    }

    private IpvsTable readKernelOrEmpty() {
        try {
            return ipvs.read();
        } catch (IpvsException e) {
            LOG.info("Error reading the IPVS table: {}", e.getMessage());
            return IpvsTable.EMPTY;
        }
    }
}
