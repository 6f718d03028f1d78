package org.ldirector.director.ipvs;

import java.util.Objects;

/**
 * Whether a backend can reach IPVS, and why not: {@code available} with a version text such as
 * {@code ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)}, or not with the reason,
 * such as {@code Can't initialize ipvs: Protocol not available}.
 */
public record IpvsAvailability(boolean available, String detail) {

    public IpvsAvailability {
        Objects.requireNonNull(detail, "detail");
    }

    public static IpvsAvailability available(String version) {
        return new IpvsAvailability(true, version);
    }

    public static IpvsAvailability unavailable(String reason) {
        return new IpvsAvailability(false, reason);
    }
}
