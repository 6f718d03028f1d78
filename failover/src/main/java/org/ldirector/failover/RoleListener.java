package org.ldirector.failover;

/**
 * Told of every role change of the local director. {@link Role#ACTIVE} comes after the resources (VIPs, GARP, sync
 * master) are taken; {@link Role#STANDBY} comes before they are released. Called on the cluster's decision thread:
 * return quickly.
 */
@FunctionalInterface
public interface RoleListener {
    void roleChanged(Role role);
}
