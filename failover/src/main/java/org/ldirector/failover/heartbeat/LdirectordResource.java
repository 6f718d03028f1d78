package org.ldirector.failover.heartbeat;

import java.util.Optional;

/**
 * {@code ldirectord[::config]}: under Heartbeat this started ldirectord on the active node only. ldirector runs its
 * checks on every node (warm standby); the resource marks where in the start order the engine turns active.
 */
public record LdirectordResource(Optional<String> configFile, String spec) implements Resource {
}
