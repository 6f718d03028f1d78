package org.ldirector.director.config;

import java.util.Objects;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;

/** A {@code fallback=} server: added with weight 1 when no real server of its virtual is up; never health-checked. */
public record FallbackServer(Endpoint endpoint, Forwarding forwarding) {

    public FallbackServer {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(forwarding, "forwarding");
    }
}
