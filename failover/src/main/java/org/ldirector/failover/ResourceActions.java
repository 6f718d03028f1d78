package org.ldirector.failover;

import java.io.IOException;
import java.time.Duration;

import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * Every effect the cluster has on the machine. {@link CommandResourceActions} runs {@code ip}, {@code arping},
 * {@code ndisc6} and {@code ping} in the current network namespace and switches the sync daemon through the director's IPVS backend; tests use stand-ins.
 */
public interface ResourceActions {

    /** {@code vip} with its prefix and device filled in from the interface whose subnet holds it. */
    VirtualIp locate(VirtualIp vip) throws IOException;

    /** Adds the address (idempotent: an address already present is not an error). */
    void addAddress(VirtualIp vip) throws IOException;

    /** Removes the address (idempotent: an absent address is not an error). */
    void removeAddress(VirtualIp vip) throws IOException;

    /** Tells the link the address moved here: gratuitous ARP (IPv4) or unsolicited neighbour advertisement (IPv6). */
    void announce(VirtualIp vip) throws IOException;

    /** Whether another host on the link answers for the address right now (ARP / neighbour solicitation probe). */
    boolean addressInUse(VirtualIp vip) throws IOException;

    /** Switches the kernel's LVS sync daemon of {@code daemon} to {@code role}. */
    void syncDaemon(SyncDaemon daemon, SyncDaemon.Role role) throws IOException;

    /** Whether {@code host} answers an ICMP echo within {@code timeout}. */
    boolean reachable(String host, Duration timeout);
}
