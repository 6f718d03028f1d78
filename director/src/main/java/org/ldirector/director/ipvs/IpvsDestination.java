package org.ldirector.director.ipvs;

import java.util.Objects;

/**
 * One real server inside an IPVS service (what {@code ipvsadm -a/-e} sets).
 * {@code forwarding} may be null for a kernel entry shown as {@code Local}, which ldirectord never matches.
 *
 * @param upperThreshold {@code -x}: 0 = no limit
 * @param lowerThreshold {@code -y}: 0 = none
 */
public record IpvsDestination(Endpoint endpoint, Forwarding forwarding, int weight, int upperThreshold, int lowerThreshold) {

    public IpvsDestination {
        Objects.requireNonNull(endpoint, "endpoint");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0: " + weight);
        }
    }

    public IpvsDestination withWeight(int newWeight) {
        return new IpvsDestination(endpoint, forwarding, newWeight, upperThreshold, lowerThreshold);
    }
}
