package org.ldirector.director.ipvs;

/**
 * The kernel's counters for one IPVS service or destination, as {@code ipvsadm -L -n --stats
 * --exact} and {@code --rate} print them and as the IPVS generic-netlink family returns them
 * ({@code IPVS_STATS_ATTR_*}). Totals are monotonic counters since the entry was created; rates
 * are the kernel's estimator (per second, smoothed over a few seconds).
 *
 * <p>{@code activeConnections} and {@code inactiveConnections} are per destination; for a service
 * they are the sums over its destinations.
 */
public record IpvsCounters(long activeConnections, long inactiveConnections,
                           long connections, long packetsIn, long packetsOut, long bytesIn, long bytesOut,
                           long connectionsPerSecond, long packetsInPerSecond, long packetsOutPerSecond,
                           long bytesInPerSecond, long bytesOutPerSecond) {

    public static final IpvsCounters ZERO = new IpvsCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two counter sets (a service's totals from its destinations). */
    public IpvsCounters plus(IpvsCounters o) {
        return new IpvsCounters(activeConnections + o.activeConnections, inactiveConnections + o.inactiveConnections,
                connections + o.connections, packetsIn + o.packetsIn, packetsOut + o.packetsOut,
                bytesIn + o.bytesIn, bytesOut + o.bytesOut, connectionsPerSecond + o.connectionsPerSecond,
                packetsInPerSecond + o.packetsInPerSecond, packetsOutPerSecond + o.packetsOutPerSecond,
                bytesInPerSecond + o.bytesInPerSecond, bytesOutPerSecond + o.bytesOutPerSecond);
    }
}
