package org.ldirector.failover;

import java.io.IOException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;

/**
 * The {@link ClusterChannel} on a JGroups {@link JChannel}: sends {@link Wire} messages, and hands views and decoded
 * messages to the core (which posts them to its decider thread; the connection table's messages go to the
 * replicator on JGroups' thread, as they need no decision).
 */
final class JGroupsChannel implements ClusterChannel, Receiver {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final JChannel channel;
    private ClusterCore core;

    JGroupsChannel(JChannel channel) {
        this.channel = channel;
    }

    /** Starts delivering views and messages to {@code to}. */
    void deliverTo(ClusterCore to) {
        this.core = to;
        channel.setReceiver(this);
    }

    @Override
    public Address self() {
        return channel.getAddress();
    }

    @Override
    public void send(Address to, Wire.Msg msg) {
        if (!channel.isConnected()) {
            return;
        }
        try {
            channel.send(new BytesMessage(to, Wire.encode(msg)));
        } catch (Exception e) {
            LOG.debug("Cannot send to the cluster: {}", e.toString());
        }
    }

    @Override
    public void viewAccepted(View v) {
        ClusterView view = ClusterView.of(v);
        core.post(() -> core.onView(view));
    }

    @Override
    public void receive(Message msg) {
        Wire.Msg m;
        try {
            m = Wire.decode(msg.getArray(), msg.getOffset(), msg.getLength());
        } catch (IOException e) {
            LOG.warn("Dropped a malformed cluster message from {}: {}", msg.getSrc(), e.getMessage());
            return;
        }
        core.received(msg.getSrc(), m);
    }
}
