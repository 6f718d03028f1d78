package org.ldirector.failover.heartbeat;

import java.util.List;

/** A heartbeat medium from ha.cf. How each maps onto JGroups is {@code Transport}'s business (docs/failover.md). */
public sealed interface Medium {

    /** The ha.cf line the medium was declared on. */
    int line();

    /** {@code ucast dev peer}: unicast heartbeats to {@code peer} through {@code device}. */
    record Ucast(String device, String peer, int line) implements Medium {
    }

    /** {@code mcast dev group port ttl loop}. */
    record Mcast(String device, String group, int port, int ttl, boolean loop, int line) implements Medium {
    }

    /** {@code bcast dev…}: broadcast heartbeats on each device. */
    record Bcast(List<String> devices, int line) implements Medium {
        public Bcast {
            devices = List.copyOf(devices);
        }
    }
}
