package org.ldirector.director.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.monitor.CheckResult;

/**
 * What the director believes about every (virtual, real): health, the operator's marks, which
 * reals share a check, and what the next table pass must know. No threads, no I/O, no clock of its
 * own: {@link #install} and {@link #record} are steps that return what the caller must do (start
 * or stop checks, write log and monitorfile lines, publish events, plan the table). Not
 * thread-safe: the {@link Director} serialises access.
 */
final class HealthBook {

    /** What the check scheduler must do after an install. */
    record Plan(List<CheckSpec> fresh, Map<CheckSpec, Duration> intervals, Set<CheckSpec> gone) {
    }

    /** A monitorfile line to write ({@code monitorfile=}). */
    record MonitorLine(Path file, VirtualService virtual, RealServer real, boolean up, String message, Instant at) {
    }

    /**
     * What one result changed.
     *
     * @param tableChanged  the table must be planned again
     * @param logLines      ldirectord's lines (soft failures, reset counts), to log in order
     * @param debugLines    the "Checking ..." lines, for a debug log
     * @param monitorLines  monitorfile lines to write
     * @param events        real state changes
     */
    record Recorded(boolean tableChanged, List<String> logLines, List<String> debugLines, List<MonitorLine> monitorLines,
                    List<EngineEvent> events) {
        static final Recorded NOTHING = new Recorded(false, List.of(), List.of(), List.of(), List.of());
    }

    /** The state a real was last shown in, since when, and how often it changed. */
    private record Shown(RealState state, Instant since, long transitions) {
    }

    private DirectorConfig config;
    private final Map<ServiceKey, VirtualService> virtuals = new HashMap<>();
    private final Map<RealKey, RealHealth> health = new HashMap<>();
    private final Map<RealKey, RealServer> realServers = new HashMap<>();
    private final Map<CheckSpec, List<RealKey>> users = new LinkedHashMap<>();
    private final Map<CheckSpec, CheckResult> lastResults = new HashMap<>();
    private final Set<CheckSpec> awaitingFirstResult = new HashSet<>();
    private final Set<RealKey> placeQuiescent = new HashSet<>();
    private final Set<ServiceKey> removedVirtuals = new HashSet<>();
    private final Map<RealKey, AdminMark> marks = new HashMap<>();
    private final Map<RealKey, Shown> shown = new HashMap<>();
    private boolean purgeUnconfigured;

    /**
     * Switches to {@code next}: keeps the health of every real whose check, failurecount and rise
     * are unchanged; a new real starts from the kernel's state ({@code kernel}), or from the last
     * result of a check that is already running for another virtual.
     */
    Plan install(DirectorConfig next, IpvsTable kernel, Instant now) {
        if (config != null) {
            for (VirtualService old : config.virtuals()) {
                if (next.virtual(old.key()).isEmpty()) {
                    removedVirtuals.add(old.key());
                }
            }
        }
        Map<RealKey, RealHealth> newHealth = new HashMap<>();
        Map<RealKey, RealServer> newReals = new HashMap<>();
        Map<CheckSpec, List<RealKey>> newUsers = new LinkedHashMap<>();
        Map<CheckSpec, Duration> intervals = new LinkedHashMap<>();
        Duration globalInterval = Duration.ofSeconds(next.globals().checkInterval());
        for (VirtualService v : next.virtuals()) {
            Duration interval = v.check().checkInterval().isPresent()
                    ? Duration.ofSeconds(v.check().checkInterval().getAsInt()) : globalInterval;
            for (RealServer r : v.reals()) {
                RealKey rk = new RealKey(v.key(), r.endpoint());
                CheckSpec spec = CheckSpec.of(v, r);
                RealHealth kept = keptHealth(rk, spec, v);
                if (kept == null) {
                    kept = freshHealth(v, r, kernel);
                    CheckResult last = lastResults.get(spec);
                    if (last != null && kept.record(last.up(), last.message(), now, line -> { })
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
        Set<CheckSpec> gone = new LinkedHashSet<>(users.keySet());
        gone.removeAll(newUsers.keySet());
        List<CheckSpec> fresh = new ArrayList<>();
        for (CheckSpec spec : newUsers.keySet()) {
            if (!users.containsKey(spec) && spec.type() != CheckType.OFF) { // checktype=off: nothing is checked
                fresh.add(spec);
            }
        }
        lastResults.keySet().removeAll(gone);
        placeQuiescent.retainAll(newHealth.keySet());
        health.clear();
        health.putAll(newHealth);
        users.clear();
        newUsers.forEach((spec, keys) -> users.put(spec, List.copyOf(keys)));
        realServers.clear();
        realServers.putAll(newReals);
        config = next;
        virtuals.clear();
        next.virtuals().forEach(v -> virtuals.put(v.key(), v));
        awaitingFirstResult.clear();
        awaitingFirstResult.addAll(fresh);
        Map<RealKey, Shown> keptShown = new HashMap<>();
        for (RealKey rk : newHealth.keySet()) {
            Shown s = shown.get(rk);
            RealState state = state(rk);
            keptShown.put(rk, s != null && s.state() == state ? s : new Shown(state, now, s == null ? 0 : s.transitions()));
        }
        shown.clear();
        shown.putAll(keptShown);
        purgeUnconfigured = true;
        return new Plan(fresh, intervals, gone);
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
            // Never checked: down for good, as ldirectord's start-up leaves a checktype=off real.
            initial = Health.DOWN;
            placeQuiescent.add(new RealKey(v.key(), r.endpoint()));
        }
        return new RealHealth(r.endpoint().toString(), v.key().id(), v.check().failureCount(), v.check().rise(), initial);
    }

    /** The (virtual, real) pairs that share {@code spec}: its results apply to each. */
    List<RealKey> usersOf(CheckSpec spec) {
        return users.getOrDefault(spec, List.of());   // immutable: made so by install
    }

    /** The running configuration's {@code maintenancedir}, if set. */
    Optional<Path> maintenanceDir() {
        return config == null ? Optional.empty() : config.globals().maintenanceDir();
    }

    /**
     * A probe result for every (virtual, real) that shares the check. {@code inMaintenance} says
     * which configured endpoints have a maintenancedir file (looked up by the caller).
     */
    Recorded record(CheckSpec spec, CheckResult result, Predicate<Endpoint> inMaintenance, boolean debug, Instant now) {
        List<RealKey> keys = users.get(spec);
        if (keys == null) {
            return Recorded.NOTHING;
        }
        lastResults.put(spec, result);
        boolean readd = config.globals().readdQuiescent();
        boolean changed = false;
        // Most results change nothing: the lists are made only when something goes into them.
        Lines out = new Lines();
        for (RealKey rk : keys) {
            RealHealth h = health.get(rk);
            VirtualService v = virtuals.get(rk.virtual());
            RealServer r = realServers.get(rk);
            Health before = h.health();
            if (debug) {
                out.debug("Checking " + spec.type().configName() + ": real server=" + spec.describe() + " (virtual="
                        + rk.virtual().id() + ") " + (result.up() ? "up" : "down"));
            }
            boolean changedHealth;
            String message;
            if (inMaintenance.test(r.endpoint())) {
                message = "Server in maintenance";
                changedHealth = h.forceDown(message, now);
                v.monitorFile().ifPresent(f -> out.monitor(new MonitorLine(f, v, r, false, "Server in maintenance", now)));
            } else {
                message = result.message();
                changedHealth = h.record(result.up(), message, now, out::log);
                if (writesMonitorLine(spec, result)) {
                    v.monitorFile().ifPresent(f -> out.monitor(new MonitorLine(f, v, r, result.up(), result.message(), now)));
                }
            }
            if (changedHealth) {
                if (h.health() == Health.DOWN && (before == Health.UNKNOWN || readd)) {
                    placeQuiescent.add(rk);
                }
                changed = true;
            }
            noteState(rk, message, now, out::event);
        }
        if (!awaitingFirstResult.isEmpty() && awaitingFirstResult.remove(spec) && awaitingFirstResult.isEmpty()) {
            changed = true;
        }
        return out.recorded(changed);
    }

    /** The lines and events of one {@link #record}, each list made on its first entry. */
    private static final class Lines {
        private List<String> log;
        private List<String> debug;
        private List<MonitorLine> monitor;
        private List<EngineEvent> events;

        void log(String line) {
            (log == null ? log = new ArrayList<>() : log).add(line);
        }

        void debug(String line) {
            (debug == null ? debug = new ArrayList<>() : debug).add(line);
        }

        void monitor(MonitorLine line) {
            (monitor == null ? monitor = new ArrayList<>() : monitor).add(line);
        }

        void event(EngineEvent e) {
            (events == null ? events = new ArrayList<>() : events).add(e);
        }

        Recorded recorded(boolean changed) {
            if (!changed && log == null && debug == null && monitor == null && events == null) {
                return Recorded.NOTHING;
            }
            return new Recorded(changed, orEmpty(log), orEmpty(debug), orEmpty(monitor), orEmpty(events));
        }

        private static <T> List<T> orEmpty(List<T> l) {
            return l == null ? List.of() : l;
        }
    }

    /** ldirectord writes a monitor line for every check except external-perl, checktype=on and failed pings. */
    private static boolean writesMonitorLine(CheckSpec spec, CheckResult result) {
        return switch (spec.type()) {
            case EXTERNAL_PERL, ON, OFF -> false;
            case PING -> result.up();
            default -> true;
        };
    }

    /**
     * Sets ({@code mark} present) or clears the operator's mark on {@code real}; kept across
     * installs. Returns the state change it made, if any; the table must be planned again when it
     * did.
     */
    List<EngineEvent> mark(RealKey real, Optional<AdminMark> mark, Instant now) {
        if (mark.isPresent()) {
            marks.put(real, mark.get());
        } else {
            marks.remove(real);
        }
        List<EngineEvent> events = new ArrayList<>();
        if (health.containsKey(real)) {
            noteState(real, mark.map(m -> "operator: " + m.word()).orElse("operator: ready"), now, events::add);
        }
        return events;
    }

    private void noteState(RealKey rk, String reason, Instant now, Consumer<EngineEvent> events) {
        RealState state = state(rk);
        Shown s = shown.get(rk);
        if (s == null) {
            shown.put(rk, new Shown(state, now, 0));
        } else if (s.state() != state) {
            shown.put(rk, new Shown(state, now, s.transitions() + 1));
            events.accept(new EngineEvent.RealChanged(now, rk.virtual(), KernelRules.realName(rk.virtual(), rk.real()), s.state(), state,
                    reason));
        }
    }

    RealState state(RealKey rk) {
        RealHealth h = health.get(rk);
        return RealState.of(h == null ? Health.UNKNOWN : h.health(), Optional.ofNullable(marks.get(rk)));
    }

    /** Whether {@code v} has a real serving, and whether all its reals' health is known. */
    Serving serving(VirtualService v) {
        return Serving.of(v, this::state);
    }

    /** Everything the next table pass depends on. */
    TablePlanner.Inputs inputs() {
        return new TablePlanner.Inputs(config, healthMap(), Set.copyOf(placeQuiescent), config.globals().readdQuiescent(),
                purgeUnconfigured, Set.copyOf(removedVirtuals), marks);
    }

    /** A pass planned from {@code in} was applied: what it placed and purged is done. */
    void applied(TablePlanner.Inputs in) {
        if (in.purgeUnconfigured() && config == in.config()) {
            purgeUnconfigured = false;
        }
        removedVirtuals.removeAll(in.removedVirtuals());
        placeQuiescent.removeAll(in.placeQuiescent());
    }

    Map<RealKey, Health> healthMap() {
        Map<RealKey, Health> m = new HashMap<>();
        health.forEach((k, v) -> m.put(k, v.health()));
        return m;
    }

    DirectorConfig config() {
        return config;
    }

    boolean awaitingFirstResults() {
        return !awaitingFirstResult.isEmpty();
    }

    /** The longest a probe of the running configuration can take. */
    Duration longestProbe() {
        Duration max = Duration.ZERO;
        for (CheckSpec spec : users.keySet()) {
            if (spec.maxDuration().compareTo(max) > 0) {
                max = spec.maxDuration();
            }
        }
        return max;
    }

    /** The views of every configured virtual and real, in configuration order. */
    List<EngineSnapshot.VirtualView> views(Predicate<ServiceKey> fallbackActive) {
        List<EngineSnapshot.VirtualView> out = new ArrayList<>();
        if (config == null) {
            return out;
        }
        for (VirtualService v : config.virtuals()) {
            List<EngineSnapshot.RealView> reals = new ArrayList<>();
            for (RealServer r : v.reals()) {
                RealKey rk = new RealKey(v.key(), r.endpoint());
                RealHealth h = health.get(rk);
                Shown s = shown.get(rk);
                reals.add(new EngineSnapshot.RealView(rk, r, KernelRules.realName(v.key(), r.endpoint()), state(rk), h.health(),
                        Optional.ofNullable(marks.get(rk)), h.failures(), h.lastMessage(), Optional.ofNullable(h.lastCheck()),
                        s.since(), s.transitions()));
            }
            out.add(new EngineSnapshot.VirtualView(v, fallbackActive.test(v.key()), reals));
        }
        return out;
    }
}
