package org.ldirector.director.engine;

import java.time.Instant;
import java.util.Objects;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Something that happened to the director, with when: what the page's history, the metrics'
 * transition counters and event hooks follow. Published on the {@link EventStream}.
 */
public sealed interface EngineEvent {

    Instant at();

    /** A real of a virtual changed state (health or the operator's mark). {@code real} is named as the log names it. */
    record RealChanged(Instant at, ServiceKey virtual, Endpoint real, RealState from, RealState to, String reason)
            implements EngineEvent {
        public RealChanged {
            Objects.requireNonNull(at);
            Objects.requireNonNull(virtual);
            Objects.requireNonNull(real);
            reason = reason == null ? "" : reason;
        }
    }

    /** A virtual fell back (no real serving, every real's health known) or came back from it. */
    record FallbackChanged(Instant at, ServiceKey virtual, boolean active) implements EngineEvent {
    }

    /** A reload of the configuration was applied ({@code ok}) or refused and the running one kept. */
    record Reloaded(Instant at, boolean ok, String detail) implements EngineEvent {
    }

    /** This director became the active one (holds the virtual IPs) or a standby. */
    record RoleChanged(Instant at, boolean active, String detail) implements EngineEvent {
    }
}
