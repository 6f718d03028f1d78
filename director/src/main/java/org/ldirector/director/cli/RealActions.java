package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.AdminMark;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.KernelRules;
import org.ldirector.director.engine.RealKey;

/**
 * The operator's {@code drain}, {@code maintenance} and {@code ready} on one real, from the web
 * interface, the control socket or another director: kept in the state file
 * ({@code <rundir>/ldirectord.<cfg>.admin}), given to the engine, and in cluster mode passed on to
 * the other directors.
 */
final class RealActions {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final Director director;
    private final Supplier<DirectorConfig> config;
    private final MarkFile marks;
    private final Optional<FailoverLink> cluster;

    private RealActions(Director director, Supplier<DirectorConfig> config, MarkFile marks, Optional<FailoverLink> cluster) {
        this.director = director;
        this.config = config;
        this.marks = marks;
        this.cluster = cluster;
    }

    /** Reads the state file (logging each kept mark of {@code current}) and listens to the other directors' actions. */
    static RealActions open(Director director, Supplier<DirectorConfig> config, Path file, Optional<FailoverLink> cluster) {
        MarkFile m;
        try {
            m = MarkFile.load(file);
            for (VirtualService v : config.get().virtuals()) {
                for (RealServer r : v.reals()) {
                    String name = KernelRules.realName(v.key(), r.endpoint()).toString();
                    m.mark(v.key().id(), name).ifPresent(mark -> LOG.info("Real server {} ({}) is marked {} (from {})",
                            name, v.key().id(), mark.word(), file));
                }
            }
        } catch (IOException e) {
            LOG.info("Cannot read {}: {}; starting without drain/maintenance marks", file, e.getMessage());
            m = MarkFile.empty(file);
        }
        RealActions actions = new RealActions(director, config, m, cluster);
        cluster.ifPresent(c -> c.onOperatorAction(actions::fromPeer));
        return actions;
    }

    /** Gives the engine the kept mark of every real of {@code cfg} (before a start or reload, so the first pass honours them). */
    void applyTo(DirectorConfig cfg) {
        for (VirtualService v : cfg.virtuals()) {
            for (RealServer r : v.reals()) {
                Optional<AdminMark> m = marks.mark(v.key().id(), KernelRules.realName(v.key(), r.endpoint()).toString());
                if (m.isPresent()) {
                    director.mark(new RealKey(v.key(), r.endpoint()), m);
                }
            }
        }
    }

    /** An action taken here; returns what was done (and whether it was passed on). */
    String take(String action, String virtual, String real) {
        String done = apply(action, virtual, real, true);
        return cluster.isPresent() ? done + "; passed on to the other directors" : done;
    }

    /** {@code drain|maintenance|ready VIRTUAL REAL} as a control-socket request. */
    String request(String request) {
        String[] f = request.strip().split("\\s+");
        if (f.length != 3) {
            return "error: usage: " + f[0] + " VIRTUAL REAL (e.g. tcp:192.0.2.1:80 10.0.0.2:80)\n";
        }
        try {
            return take(f[0], f[1], f[2]) + "\n";
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "error: " + e.getMessage() + "\n";
        }
    }

    /** Another director's action: applied here, not passed on again (off the cluster's receiving thread). */
    private void fromPeer(String node, String command) {
        Thread.ofVirtual().name("operator action").start(() -> {
            String[] f = command.split(" ");
            if (f.length == 3 && Invocation.REAL_ACTIONS.contains(f[0])) {
                try {
                    LOG.info("Operator action from director {}: {}", node, command);
                    apply(f[0], f[1], f[2], false);
                } catch (RuntimeException e) {
                    LOG.info("Operator action from director {} not applied here: {}", node, e.getMessage());
                }
            }
        });
    }

    private synchronized String apply(String action, String virtual, String real, boolean local) {
        VirtualService v = config.get().virtuals().stream().filter(x -> x.key().id().equals(virtual)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no virtual " + virtual + " (expected tcp:IP:PORT, udp:IP:PORT or fwm:N)"));
        List<RealKey> keys = v.reals().stream()
                .filter(r -> KernelRules.realName(v.key(), r.endpoint()).toString().equals(real))
                .map(r -> new RealKey(v.key(), r.endpoint())).distinct().toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no real " + real + " in virtual " + virtual);
        }
        Optional<AdminMark> mark = switch (action) {
            case "drain", "maintenance" -> AdminMark.ofWord(action);
            case "ready" -> Optional.empty();
            default -> throw new IllegalArgumentException("unknown action " + action + " (drain, maintenance or ready)");
        };
        try {
            marks.set(virtual, real, mark);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the state file " + marks.path() + ": " + e.getMessage());
        }
        String done = switch (action) {
            case "drain" -> "Drained real server " + real + " (" + virtual + "): weight 0, still checked";
            case "maintenance" -> "Real server " + real + " (" + virtual + ") in maintenance: out of the table";
            default -> "Real server " + real + " (" + virtual + ") ready: back to what its checks say";
        };
        LOG.info(done);
        keys.forEach(k -> director.mark(k, mark));
        if (local) {
            cluster.ifPresent(c -> c.broadcastOperatorAction(action + " " + virtual + " " + real));
        }
        director.awaitPass(Duration.ofSeconds(5));
        return done;
    }
}
