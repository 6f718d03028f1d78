package org.ldirector.failover.heartbeat;

import java.util.OptionalInt;

/**
 * {@code LVSSyncDaemonSwap::master::iface[::syncid]}: the kernel's LVS connection sync daemon runs as master on the
 * active director and as backup on the others, multicasting on {@code interfaceName}. The syncid is our extension
 * (ipvsadm's default when absent).
 */
public record SyncDaemon(String interfaceName, OptionalInt syncId, String spec) implements Resource {

    /** Which daemon runs. */
    public enum Role { MASTER, BACKUP, STOPPED }
}
