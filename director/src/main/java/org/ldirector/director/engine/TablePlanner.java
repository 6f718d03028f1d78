package org.ldirector.director.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ldirector.director.alert.TableEvent;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.FallbackServer;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Computes the IPVS changes that bring the kernel's table to what the configuration and the
 * health of the reals want, with ldirectord's log line for each (_service_up, _service_down, fallback_on, fallback_off, ld_start, ld_stop). A pure
 * function of its inputs: the director calls it with a fresh kernel read on every pass, so a
 * failed or partial batch is simply planned again (never assumed applied — bug 13).
 *
 * <p>Rules per virtual:
 * <ul>
 * <li>service absent → {@code -A} "Added virtual server"; settings differ → {@code -E} "Changed virtual server"
 *     (ldirectord edits every virtual on every start and reload, resetting hand-set flags — bug 15);</li>
 * <li>UP real → present with its weight, thresholds and forwarding ("Added"/"Restored real server");</li>
 * <li>DOWN real, quiescent → weight 0 if present ("Quiescent real server"); if absent, added with weight 0
 *     only when {@link Inputs#placeQuiescent} says so (first decision after start/reload, or readdquiescent);</li>
 * <li>DOWN real, not quiescent → deleted ("Deleted real server");</li>
 * <li>UNKNOWN real (no result yet) → its kernel entry is left as it is, which is what keeps start and
 *     reload from flapping (ldirectord adds and removes every unhealthy real — bug 1);</li>
 * <li>fallback → present with weight 1 when no real is up and every real's health is known; absent as
 *     soon as any real is up;</li>
 * <li>with {@link Inputs#purgeUnconfigured}: kernel reals of a configured virtual that are neither a real
 *     nor the fallback → "Purged real server (start)"; virtuals of the previous config that are gone →
 *     "Purged virtual server (start)" (ldirectord logs "start" for reload too).</li>
 * </ul>
 */
public final class TablePlanner {

    /**
     * Everything a pass depends on.
     *
     * @param config             the running configuration
     * @param health             the health of each (virtual, real)
     * @param placeQuiescent     DOWN quiescent reals that should be put into the table with weight 0 if absent
     * @param readdQuiescent     global {@code readdquiescent} (selects the log text for such re-adds)
     * @param purgeUnconfigured  true on the first pass after start or reload
     * @param removedVirtuals    virtuals of the previous config that the new one no longer has (reload)
     */
    public record Inputs(DirectorConfig config, Map<RealKey, Health> health, Set<RealKey> placeQuiescent,
                         boolean readdQuiescent, boolean purgeUnconfigured, Set<ServiceKey> removedVirtuals,
                         Map<RealKey, AdminMark> marks) {

        public Inputs {
            marks = Map.copyOf(marks);
        }

        public Inputs(DirectorConfig config, Map<RealKey, Health> health, Set<RealKey> placeQuiescent,
                      boolean readdQuiescent, boolean purgeUnconfigured, Set<ServiceKey> removedVirtuals) {
            this(config, health, placeQuiescent, readdQuiescent, purgeUnconfigured, removedVirtuals, Map.of());
        }

        /** The state of {@code real}: its health, unless the operator's mark overrides it. */
        public RealState state(RealKey real) {
            return RealState.of(health.getOrDefault(real, Health.UNKNOWN), Optional.ofNullable(marks.get(real)));
        }
    }

    private TablePlanner() {
    }

    public static List<PlannedChange> plan(Inputs in, IpvsTable kernel) {
        List<PlannedChange> out = new ArrayList<>();
        for (ServiceKey gone : in.removedVirtuals()) {
            if (kernel.service(gone).isPresent() && in.config().virtual(gone).isEmpty()) {
                out.add(new PlannedChange(new IpvsCommand.DeleteService(gone), "Purged virtual server (start): " + gone.display(), TableEvent.Kind.VIRTUAL, ""));
            }
        }
        for (VirtualService v : in.config().virtuals()) {
            planVirtual(in, v, kernel, out);
        }
        return out;
    }

    private static void planVirtual(Inputs in, VirtualService v, IpvsTable kernel, List<PlannedChange> out) {
        ServiceKey key = v.key();
        String vip = key.display();
        Optional<IpvsTable.Entry> entry = kernel.service(key);
        if (entry.isEmpty()) {
            out.add(new PlannedChange(new IpvsCommand.AddService(v.ipvs()), "Added virtual server: " + vip, TableEvent.Kind.VIRTUAL, ""));
        } else if (!entry.get().service().equals(v.ipvs())) {
            out.add(new PlannedChange(new IpvsCommand.EditService(v.ipvs()), "Changed virtual server: " + vip, TableEvent.Kind.VIRTUAL, ""));
        }
        Map<Endpoint, IpvsDestination> present = entry.isPresent() ? entry.get().destinations() : Map.of();

        Optional<Endpoint> fallbackEndpoint = v.fallback().map(f -> KernelRules.kernelEndpoint(key, f.endpoint(), f.forwarding()));
        Set<Endpoint> configured = new HashSet<>();
        for (RealServer r : v.reals()) {
            configured.add(KernelRules.kernelEndpoint(key, r.endpoint(), r.forwarding()));
        }
        if (in.purgeUnconfigured()) {
            for (Endpoint e : present.keySet()) {
                if (!configured.contains(e) && !fallbackEndpoint.map(e::equals).orElse(false)) {
                    out.add(new PlannedChange(new IpvsCommand.DeleteDestination(key, e), "Purged real server (start): " + e + " (" + vip + ")",
                            TableEvent.Kind.PURGED_REAL_START, e.toString()));
                }
            }
        }

        Serving serving = Serving.of(v, in::state);
        List<PlannedChange> removals = new ArrayList<>();
        Set<Endpoint> planned = new HashSet<>();
        for (RealServer r : v.reals()) {
            Endpoint kernelEp = KernelRules.kernelEndpoint(key, r.endpoint(), r.forwarding());
            if (!planned.add(kernelEp)) {
                continue; // the same real twice in one virtual: the first line decides
            }
            RealKey rk = new RealKey(key, r.endpoint());
            RealState state = in.state(rk);
            IpvsDestination current = present.get(kernelEp);
            switch (state) {
                case UP, DRAINED -> {
                    int weight = state == RealState.DRAINED ? 0 : r.weight();
                    IpvsDestination want = new IpvsDestination(kernelEp, r.forwarding(), weight, r.upperThreshold(), r.lowerThreshold());
                    if (current == null) {
                        out.add(new PlannedChange(new IpvsCommand.AddDestination(key, want),
                                "Added real server: " + kernelEp + " (" + vip + ") (Weight set to " + weight + ")",
                                TableEvent.Kind.ADDED_REAL, kernelEp.toString()));
                    } else if (!current.equals(want)) {
                        out.add(new PlannedChange(new IpvsCommand.EditDestination(key, want),
                                (state == RealState.DRAINED ? "Drained real server: " : "Restored real server: ") + kernelEp
                                        + " (" + vip + ") (Weight set to " + weight + ")",
                                state == RealState.DRAINED ? TableEvent.Kind.QUIESCENT_REAL : TableEvent.Kind.RESTORED_REAL,
                                kernelEp.toString()));
                    }
                }
                case MAINTENANCE -> {
                    if (current != null) {
                        removals.add(new PlannedChange(new IpvsCommand.DeleteDestination(key, kernelEp),
                                "Deleted real server: " + kernelEp + " (" + vip + ")", TableEvent.Kind.DELETED_REAL, kernelEp.toString()));
                    }
                }
                case DOWN -> {
                    if (v.quiescent()) {
                        IpvsDestination want = new IpvsDestination(kernelEp, r.forwarding(), 0, 0, 0);
                        if (current != null) {
                            if (current.weight() != 0 || current.forwarding() != r.forwarding()) {
                                removals.add(new PlannedChange(new IpvsCommand.EditDestination(key, want),
                                        "Quiescent real server: " + kernelEp + " (" + vip + ") (Weight set to 0)",
                                        TableEvent.Kind.QUIESCENT_REAL, kernelEp.toString()));
                            }
                        } else if (in.placeQuiescent().contains(rk)) {
                            String word = in.readdQuiescent() ? "Readd Quiescent real server: " : "Quiescent real server: ";
                            removals.add(new PlannedChange(new IpvsCommand.AddDestination(key, want),
                                    word + kernelEp + " (" + vip + ") (Weight set to 0)",
                                    in.readdQuiescent() ? TableEvent.Kind.READD_QUIESCENT_REAL : TableEvent.Kind.QUIESCENT_REAL,
                                    kernelEp.toString()));
                        }
                    } else if (current != null) {
                        removals.add(new PlannedChange(new IpvsCommand.DeleteDestination(key, kernelEp),
                                "Deleted real server: " + kernelEp + " (" + vip + ")", TableEvent.Kind.DELETED_REAL, kernelEp.toString()));
                    }
                }
                case UNKNOWN -> {
                    // no result yet: the kernel entry stays as it is
                }
            }
        }

        // Fallback: added before the last real is removed and removed after the first real is added,
        // so that the batch never leaves the service empty in between.
        if (v.fallback().isPresent()) {
            FallbackServer f = v.fallback().get();
            Endpoint fe = fallbackEndpoint.get();
            IpvsDestination current = configured.contains(fe) ? null : present.get(fe);
            IpvsDestination want = new IpvsDestination(fe, f.forwarding(), 1, 0, 0);
            if (serving.anyServing()) {
                out.addAll(removals);
                if (current != null) {
                    out.add(new PlannedChange(new IpvsCommand.DeleteDestination(key, fe), "Deleted fallback server: " + fe + " (" + vip + ")",
                            TableEvent.Kind.DELETED_FALLBACK, fe.toString()));
                }
                return;
            }
            if (serving.allKnown() && !configured.contains(fe)) {
                if (current == null) {
                    out.add(new PlannedChange(new IpvsCommand.AddDestination(key, want),
                            "Added fallback server: " + fe + " (" + vip + ") (Weight set to 1)", TableEvent.Kind.ADDED_FALLBACK,
                            fe.toString()));
                } else if (!current.equals(want)) {
                    out.add(new PlannedChange(new IpvsCommand.EditDestination(key, want),
                            "Restored fallback server: " + fe + " (" + vip + ") (Weight set to 1)",
                            TableEvent.Kind.RESTORED_FALLBACK, fe.toString()));
                }
            }
        }
        out.addAll(removals);
    }

    /** ldirectord's {@code ld_stop} for every virtual with cleanstop: purge the up reals, then the service. */
    public static List<PlannedChange> planStop(DirectorConfig config, Map<RealKey, Health> health, IpvsTable kernel) {
        List<PlannedChange> out = new ArrayList<>();
        for (VirtualService v : config.virtuals()) {
            if (!v.cleanstop() || kernel.service(v.key()).isEmpty()) {
                continue;
            }
            ServiceKey key = v.key();
            IpvsTable.Entry entry = kernel.service(key).get();
            Set<Endpoint> done = new HashSet<>();
            for (RealServer r : v.reals()) {
                Endpoint kernelEp = KernelRules.kernelEndpoint(key, r.endpoint(), r.forwarding());
                if (health.getOrDefault(new RealKey(key, r.endpoint()), Health.UNKNOWN) == Health.UP
                        && entry.destinations().containsKey(kernelEp) && done.add(kernelEp)) {
                    out.add(new PlannedChange(new IpvsCommand.DeleteDestination(key, kernelEp),
                            "Purged real server (stop): " + kernelEp + " (" + key.display() + ")", TableEvent.Kind.PURGED_REAL_STOP,
                            kernelEp.toString()));
                }
            }
            out.add(new PlannedChange(new IpvsCommand.DeleteService(key), "Purged virtual server (stop): " + key.display(), TableEvent.Kind.VIRTUAL, ""));
        }
        return out;
    }
}
