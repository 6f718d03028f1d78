package org.ldirector.director.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Whether each virtual has fallen back, and {@code fallbackcommand}: {@code start} when it falls
 * back, {@code stop} when a real serves again — only when that decision changes, and not before
 * it is made (ldirectord's {@code fallback_on}/{@code fallback_off} and {@code do_fallback_command}). The first decision
 * after start runs its command too, as ldirectord does. Not thread-safe: the director serialises.
 */
final class FallbackCommands {

    /** One {@code fallbackcommand} call: {@code <command> start|stop <vip>:<vport> <tcp|udp|fwm>}. */
    record Run(String command, String action, String virtualArgument, String protocol) {
        void on(FallbackCommand runner) {
            runner.run(command, action, virtualArgument, protocol);
        }
    }

    /** The last decision per virtual: true = fallen back ("start"), false = serving ("stop"). */
    private final Map<ServiceKey, Boolean> decided = new HashMap<>();

    /** Applies the serving state of every virtual of {@code config}; returns the commands to run and adds events. */
    List<Run> update(DirectorConfig config, Function<VirtualService, Serving> serving, Instant now, List<EngineEvent> events) {
        decided.keySet().retainAll(config.virtuals().stream().map(VirtualService::key).toList());
        List<Run> runs = new ArrayList<>();
        for (VirtualService v : config.virtuals()) {
            Serving s = serving.apply(v);
            if (!s.decided()) {
                continue;
            }
            boolean fallback = s.fallback();
            Boolean before = decided.put(v.key(), fallback);
            if (before != null && before == fallback) {
                continue;
            }
            if (fallback || before != null) {
                events.add(new EngineEvent.FallbackChanged(now, v.key(), fallback));
            }
            v.fallbackCommand().ifPresent(cmd -> runs.add(run(v, cmd, fallback ? "start" : "stop")));
        }
        return runs;
    }

    /** At shutdown: {@code stop} for every virtual whose command was told {@code start} (ldirectord never does — upstream issue #750). */
    List<Run> stopAll(DirectorConfig config) {
        List<Run> runs = new ArrayList<>();
        for (VirtualService v : config.virtuals()) {
            if (Boolean.TRUE.equals(decided.get(v.key()))) {
                v.fallbackCommand().ifPresent(cmd -> runs.add(run(v, cmd, "stop")));
            }
        }
        return runs;
    }

    boolean active(ServiceKey virtual) {
        return Boolean.TRUE.equals(decided.get(virtual));
    }

    private static Run run(VirtualService v, String command, String action) {
        ServiceKey key = v.key();
        String argument = key instanceof ServiceKey.Address a ? a.endpoint().toString() : key.display();
        return new Run(command, action, argument, key.protocolName());
    }
}
