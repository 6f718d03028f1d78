package org.ldirector.director.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.failover.ClusterStatus;

/**
 * What the web interface shows: one consistent view of every virtual and real, read by a
 * {@link StatusSource}. Values only; rendering is the page's, the JSON's and the metrics' job.
 *
 * @param taken       when it was read
 * @param virtuals    in configuration order
 * @param ipvsError   why the kernel's table could not be read, if it could not
 * @param cluster     the cluster's state (what ha-status shows), present in cluster mode
 */
public record StatusSnapshot(Instant taken, List<Virtual> virtuals, Optional<String> ipvsError, Optional<ClusterStatus> cluster) {

    public StatusSnapshot {
        virtuals = List.copyOf(virtuals);
    }

    /**
     * @param id              ldirectord's virtual id: {@code tcp:192.0.2.1:80}, {@code fwm:7}
     * @param proto           {@code TCP}, {@code UDP} or {@code FWM} (node_exporter's {@code proto} label)
     * @param localAddress    the virtual's address, empty for a firewall mark
     * @param localPort       the virtual's port, 0 for a firewall mark
     * @param localMark       the firewall mark, empty for an address
     * @param scheduler       the configured scheduler
     * @param fallbackActive  whether the fallback server is in the kernel's table now
     * @param counters        the kernel's counters of the service
     */
    public record Virtual(String id, String proto, String localAddress, int localPort, String localMark, String scheduler,
                          boolean fallbackActive, IpvsCounters counters, List<Real> reals) {
        public Virtual {
            reals = List.copyOf(reals);
        }
    }

    /**
     * @param address          the real's address as text (no brackets)
     * @param port             the real's port
     * @param health           {@code up}, {@code down} or {@code unknown} (as the checks say), {@code maintenance}
     * @param admin            the operator's mark: {@code drain}, {@code maintenance} or empty
     * @param configuredWeight the weight in the configuration
     * @param kernelWeight     the weight in the kernel's table, empty when the real is not in it
     * @param failures         consecutive failed checks
     * @param lastResult       the last check's message, at most {@link #MAX_RESULT} characters
     * @param lastCheck        when the last check result arrived
     * @param since            when the health last changed (or was first seen)
     * @param transitions      health changes seen since the daemon started
     * @param history          the latest changes, newest last
     * @param counters         the kernel's counters of the destination
     */
    public record Real(String address, int port, String health, String admin, int configuredWeight, Optional<Integer> kernelWeight,
                       int failures, String lastResult, Optional<Instant> lastCheck, Instant since, long transitions,
                       List<Transition> history, IpvsCounters counters) {
        public static final int MAX_RESULT = 200;

        public Real {
            history = List.copyOf(history);
            if (lastResult.length() > MAX_RESULT) {
                lastResult = lastResult.substring(0, MAX_RESULT - 1) + "…";
            }
        }

        /** Whether it takes new connections: healthy and not drained or in maintenance. */
        public boolean serving() {
            return health.equals("up") && admin.isEmpty();
        }

        public String endpoint() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** One health change of a real. */
    public record Transition(Instant at, String from, String to, String reason) {
    }
}
