package org.ldirector.failover;

import java.io.IOException;

import org.ldirector.failover.heartbeat.SyncDaemon;

/**
 * Switches the kernel's LVS connection sync daemon. The cluster does not know how IPVS is reached
 * (ipvsadm, generic netlink, a dry run): the director hands it its IPVS backend's switch.
 */
@FunctionalInterface
public interface SyncDaemonSwitch {

    /** For a cluster that was given none: every switch fails, saying so. */
    SyncDaemonSwitch NONE = (daemon, role) -> {
        throw new IOException("no sync daemon switch was given to the cluster (cannot run " + daemon.spec() + ")");
    };

    /**
     * Runs the daemon of {@code daemon} as {@code role}: the other role's daemon stopped, this one started;
     * both stopped for {@link SyncDaemon.Role#STOPPED}. Idempotent.
     */
    void switchTo(SyncDaemon daemon, SyncDaemon.Role role) throws IOException;
}
