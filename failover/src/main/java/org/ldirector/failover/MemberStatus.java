package org.ldirector.failover;

import java.time.Duration;
import java.util.Optional;

/**
 * One director as this node sees it.
 *
 * @param inCluster      a member of the current view
 * @param role           ACTIVE when it holds the resources (from its last heartbeat)
 * @param lastHeartbeat  the age of its last heartbeat; empty for the local node and for nodes never heard
 * @param pingOk         it reaches a ping node (or none is configured)
 * @param eligible       it may become active (confirmed its cluster, not shutting down)
 */
public record MemberStatus(String name, boolean local, boolean inCluster, Role role, Optional<Duration> lastHeartbeat,
        boolean pingOk, boolean eligible) {
}
