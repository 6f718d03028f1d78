package org.ldirector.director.engine;

import java.util.Objects;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/** One real server of one virtual: the virtual's key and the real's endpoint as configured. */
public record RealKey(ServiceKey virtual, Endpoint real) implements Comparable<RealKey> {

    public RealKey {
        Objects.requireNonNull(virtual, "virtual");
        Objects.requireNonNull(real, "real");
    }

    @Override
    public int compareTo(RealKey o) {
        int c = virtual.compareTo(o.virtual);
        return c != 0 ? c : real.compareTo(o.real);
    }
}
