package org.ldirector.director.hooks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * An engine event as the hooks name it (docs/operations.md "Event hooks"): {@code up}, {@code down},
 * {@code drained}, {@code maintenance}, {@code ready} (out of drain or maintenance), {@code unknown};
 * {@code fallback-start}, {@code fallback-stop}; {@code active}, {@code standby}; {@code reload-ok},
 * {@code reload-failed}.
 *
 * @param from   the real's state before ({@code up}, {@code down}, ...), empty for other events
 * @param to     the real's state after, empty for other events
 * @param reason why: the check's message, the operator's action, the reload's file, the role's detail
 */
public record HookEvent(Instant at, String name, Optional<ServiceKey> virtual, Optional<Endpoint> real, String from,
                        String to, String reason) {

    public HookEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(virtual, "virtual");
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        reason = reason == null ? "" : reason;
    }

    public static HookEvent of(EngineEvent event) {
        return switch (event) {
            case EngineEvent.RealChanged c -> new HookEvent(c.at(), realEvent(c.from(), c.to()), Optional.of(c.virtual()),
                    Optional.of(c.real()), c.from().word(), c.to().word(), c.reason());
            case EngineEvent.FallbackChanged f -> new HookEvent(f.at(), f.active() ? "fallback-start" : "fallback-stop",
                    Optional.of(f.virtual()), Optional.empty(), "", "", "");
            case EngineEvent.RoleChanged r -> new HookEvent(r.at(), r.active() ? "active" : "standby", Optional.empty(),
                    Optional.empty(), "", "", r.detail());
            case EngineEvent.Reloaded r -> new HookEvent(r.at(), r.ok() ? "reload-ok" : "reload-failed", Optional.empty(),
                    Optional.empty(), "", "", r.detail());
        };
    }

    /**
     * The name of a real's transition. Only the operator ends a maintenance, and only the operator takes a
     * healthy real out of drain, so those are {@code ready}; a drained real whose checks fail is {@code down}.
     */
    static String realEvent(RealState from, RealState to) {
        boolean marked = from == RealState.DRAINED || from == RealState.MAINTENANCE;
        return switch (to) {
            case MAINTENANCE -> "maintenance";
            case DRAINED -> "drained";
            case UP -> marked ? "ready" : "up";
            case DOWN -> from == RealState.MAINTENANCE ? "ready" : "down";
            case UNKNOWN -> marked ? "ready" : "unknown";
        };
    }

    /** Whether the event is about one virtual (a real's or a fallback's), not the whole director. */
    public boolean aboutVirtual() {
        return virtual.isPresent();
    }
}
