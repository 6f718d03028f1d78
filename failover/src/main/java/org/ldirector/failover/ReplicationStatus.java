package org.ldirector.failover;

import java.time.Duration;
import java.util.Optional;

import org.ldirector.failover.heartbeat.SyncDaemon;

/**
 * Connection-table sync: the kernel sync daemon's state and the replicated table's.
 *
 * @param syncDaemon  the kernel sync daemon this node runs (STOPPED without LVSSyncDaemonSwap)
 * @param epoch       the active's epoch (changes at each takeover)
 * @param version     the last version sent (active) or applied (standby)
 * @param entries     entries in the table
 * @param lastUpdate  age of the last change sent or applied
 */
public record ReplicationStatus(SyncDaemon.Role syncDaemon, long epoch, long version, int entries,
        Optional<Duration> lastUpdate) {
}
