package org.ldirector.director.ipvs;

import java.util.Map;
import java.util.Optional;

/**
 * One consistent read of the IPVS table together with the kernel's counters of every service and
 * destination in it. Entries missing from the maps have no counters (an in-memory table, or a
 * backend that cannot read them): callers treat them as {@link IpvsCounters#ZERO}.
 */
public record IpvsStatistics(IpvsTable table, Map<ServiceKey, IpvsCounters> services,
                             Map<ServiceKey, Map<Endpoint, IpvsCounters>> destinations) {

    public IpvsStatistics {
        services = Map.copyOf(services);
        destinations = Map.copyOf(destinations);
    }

    /** The table with no counters at all. */
    public static IpvsStatistics withoutCounters(IpvsTable table) {
        return new IpvsStatistics(table, Map.of(), Map.of());
    }

    public IpvsCounters service(ServiceKey key) {
        return services.getOrDefault(key, IpvsCounters.ZERO);
    }

    public IpvsCounters destination(ServiceKey key, Endpoint real) {
        return Optional.ofNullable(destinations.get(key)).map(m -> m.get(real)).orElse(IpvsCounters.ZERO);
    }
}
