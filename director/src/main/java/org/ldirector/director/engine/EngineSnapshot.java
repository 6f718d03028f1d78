package org.ldirector.director.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.EmailAlert.DaemonStatus;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;

/**
 * One consistent view of what the engine believes, taken under its lock: what {@code list}, the
 * control socket, the metrics and the page read. Values only; the kernel's counters are not in it
 * (they come from the IPVS backend, read outside the engine).
 *
 * @param taken    when it was taken
 * @param status   the daemon's state (starting, running, reloading, stopping)
 * @param config   the running configuration, empty before the first start
 * @param virtuals in configuration order
 * @param passes   table passes completed so far
 */
public record EngineSnapshot(Instant taken, DaemonStatus status, Optional<DirectorConfig> config, List<VirtualView> virtuals,
                             long passes) {

    public EngineSnapshot {
        virtuals = List.copyOf(virtuals);
    }

    /**
     * @param virtual        the virtual as configured
     * @param fallbackActive whether the virtual has fallen back (no real serving, all known)
     * @param reals          in configuration order
     */
    public record VirtualView(VirtualService virtual, boolean fallbackActive, List<RealView> reals) {
        public VirtualView {
            reals = List.copyOf(reals);
        }
    }

    /**
     * @param key         the (virtual, configured endpoint) pair
     * @param server      the real's configuration line
     * @param name        the real as the log names it ({@link KernelRules#realName})
     * @param state       what it is: health, or the operator's mark
     * @param health      what its checks say
     * @param mark        the operator's mark, if any
     * @param failures    consecutive failed checks
     * @param lastMessage the last check's message (empty before the first)
     * @param lastCheck   when the last result arrived
     * @param since       when {@code state} last changed (or was first installed)
     * @param transitions state changes since the daemon started
     */
    public record RealView(RealKey key, RealServer server, Endpoint name, RealState state, Health health, Optional<AdminMark> mark,
                           int failures, String lastMessage, Optional<Instant> lastCheck, Instant since, long transitions) {
    }

    /** The view of {@code key}, if it is configured. */
    public Optional<RealView> real(RealKey key) {
        for (VirtualView v : virtuals) {
            if (v.virtual().key().equals(key.virtual())) {
                for (RealView r : v.reals()) {
                    if (r.key().equals(key)) {
                        return Optional.of(r);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
