package org.ldirector.failover;

import org.jgroups.Address;

/**
 * What the decision logic ({@link ClusterCore}) needs of the group: its own address and a way to send. Views and
 * messages come the other way, as calls on the core. {@link JGroupsChannel} is the real one; step tests record what
 * is sent and deliver it by hand.
 */
interface ClusterChannel {

    /** This node's address in the group. */
    Address self();

    /** Sends {@code msg} to {@code to}, or to every member if {@code to} is null; a failure is dropped, not thrown. */
    void send(Address to, Wire.Msg msg);
}
