package org.ldirector.failover;

import java.util.List;
import java.util.Optional;

/**
 * What {@code ldirectord ha-status} shows.
 *
 * @param activeNode   the node holding the resources, as far as this node knows
 * @param heldAddresses the virtual IPs this node holds ({@code 10.0.0.100/24 on eth0})
 */
public record ClusterStatus(String localNode, Role role, Optional<String> activeNode, List<MemberStatus> members,
        List<String> heldAddresses, ReplicationStatus replication) {

    public ClusterStatus {
        members = List.copyOf(members);
        heldAddresses = List.copyOf(heldAddresses);
    }

    /** A plain-text report, one line per item. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("node ").append(localNode).append(": ").append(role).append('\n');
        out.append("active director: ").append(activeNode.orElse("none")).append('\n');
        for (MemberStatus m : members) {
            out.append(String.format("member %-20s %-7s %-11s heartbeat %-9s ping %-4s%s%n", m.name(),
                    m.role(), m.inCluster() ? "in cluster" : "absent",
                    m.local() ? "local" : m.lastHeartbeat().map(d -> d.toMillis() + "ms").orElse("never"),
                    m.pingOk() ? "ok" : "lost", m.eligible() ? "" : " (not eligible)"));
        }
        out.append("virtual IPs held: ").append(heldAddresses.isEmpty() ? "none" : String.join(", ", heldAddresses))
                .append('\n');
        out.append(String.format("sync daemon: %s; connection table: epoch %x version %d, %d entries, last update %s%n",
                replication.syncDaemon(), replication.epoch(), replication.version(), replication.entries(),
                replication.lastUpdate().map(d -> d.toMillis() + "ms ago").orElse("never")));
        return out.toString();
    }
}
