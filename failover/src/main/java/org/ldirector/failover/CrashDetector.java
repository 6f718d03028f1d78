package org.ldirector.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.blocks.cs.Connection;
import org.jgroups.blocks.cs.NioConnection;
import org.jgroups.blocks.cs.NioServer;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.DefaultThreadFactory;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * A closed connection read as a crash: JGroups' FD_SOCK2 (every member holds a TCP connection to its neighbour's
 * failure-detection port, the transport port + {@link #OFFSET}), placed <em>above</em> VERIFY_SUSPECT2 so that its
 * suspicion reaches GMS at once instead of after VERIFY_SUSPECT2's timeout. kill -9 (or any death of the process)
 * makes the kernel close that connection, so the standby takes over in milliseconds rather than after deadtime.
 *
 * <p>Without VERIFY_SUSPECT2 in its path the suspicion is verified here, quickly: a closed connection is a crash only
 * if the peer's port then <em>refuses</em> a new connection (the kernel answers a reset: nothing listens any more).
 * A connection that was closed for any other reason (a reset injected on the wire, a peer that restarted its
 * detector) finds the port open and is not a suspicion; a peer whose port does not answer at all (cable, host) is
 * left to FD_ALL3 and deadtime, as are peers FD_SOCK2 could not connect to in the first place (a firewall on the
 * extra port). A stalled peer (SIGSTOP, a long GC) keeps its connections open: only deadtime declares it dead.
 *
 * <p>Its server socket is gated like the cluster port ({@link PeerGate}: only ha.cf's ucast addresses, a few
 * connections each) and reads at most {@link #MAX_MESSAGE_BYTES} per message (its messages are a few dozen bytes).
 * Over UDP multicast, where ha.cf lists no addresses, the gate learns them: the address of every member whose sealed
 * messages passed authentication below, forgotten when it leaves the view.
 */
final class CrashDetector extends FD_SOCK2 {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    /** The failure-detection port is the transport port plus this (FD_SOCK2's default), within 3 ports. */
    static final int OFFSET = 100;
    static final int MAX_MESSAGE_BYTES = 4096;
    /** How long the check "does the closed peer's port refuse a connection?" may take. */
    private static final int VERIFY_MILLIS = 250;
    private static final int VERIFY_TRIES = 3;
    private static final int VERIFY_PAUSE_MILLIS = 20;

    static {
        ClassConfigurator.addProtocol((short) 1201, CrashDetector.class);
    }

    private final PeerGate gate;
    private final int maxConnections;
    /** Members whose detector connection closed, with the physical address it went to. */
    private final Map<Address, IpAddress> closed = new ConcurrentHashMap<>();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong notCrashes = new AtomicLong();

    /** Peers a learning gate makes room for (Heartbeat clusters are a handful of directors). */
    static final int MAX_LEARNED_PEERS = 8;

    /** Members whose address a learning gate has been given (cleared to the view on every view). */
    private final Set<Address> learned = ConcurrentHashMap.newKeySet();

    CrashDetector(InetAddress bindAddress, PeerGate gate, int peers) {
        this.gate = gate;
        this.maxConnections = PeerGate.MAX_PER_PEER * Math.max(1, gate.learning() ? MAX_LEARNED_PEERS : peers);
        setBindAddress(bindAddress);
        setOffset(OFFSET);
        setPortRange(3);
        this.connect_timeout = 500;
    }

    /** Closed connections read as a crash so far (the peer's port refused a new connection). */
    long crashesDetected() {
        return crashes.get();
    }

    /** Closed connections that were not a crash (the peer's port still accepted). */
    long closedButAlive() {
        return notCrashes.get();
    }

    @Override
    public void connectionClosed(Connection conn) {
        Address peer = conn != null ? conn.peerAddress() : null;
        if (peer instanceof IpAddress physical && !shutting_down) {
            for (Address member : members.getMembers()) {
                try {
                    if (!member.equals(local_addr) && getPhysicalAddresses(member).contains(physical)) {
                        closed.put(member, physical);
                    }
                } catch (RuntimeException e) { // its physical address is not known (any more): not this one
                    LOG.debug("No failure-detection address for {}: {}", member, e.toString());
                }
            }
        }
        super.connectionClosed(conn);
    }

    @Override
    protected void handleView(View v) {
        closed.keySet().retainAll(v.getMembers()); // closes nobody suspected: forgotten with the member
        if (gate.learning()) {
            learned.retainAll(v.getMembers());
            Set<InetAddress> keep = new HashSet<>();
            for (Address member : v.getMembers()) {
                InetAddress ip = learn(member);
                if (ip != null) {
                    keep.add(ip);
                }
            }
            gate.retain(keep);
        }
        super.handleView(v);
    }

    /** Authenticated traffic (Seal sits below): its sender may connect to this port (a learning gate only). */
    @Override
    public Object up(Message msg) {
        Address src = msg.getSrc();
        if (gate.learning() && src != null && !learned.contains(src)) {
            learn(src);
        }
        return super.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        Address src = batch.sender();
        if (gate.learning() && src != null && !learned.contains(src)) {
            learn(src);
        }
        super.up(batch);
    }

    /** Lets {@code member}'s address through the gate; its IP, or null while the transport does not know it. */
    private InetAddress learn(Address member) {
        if (member.equals(local_addr)) {
            return null;
        }
        Object physical = down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
        if (!(physical instanceof IpAddress ip)) {
            return null;
        }
        if (learned.size() < MAX_LEARNED_PEERS * 4) { // bounded: strangers never get here, members are few
            learned.add(member);
        }
        gate.allow(ip.getIpAddress());
        return ip.getIpAddress();
    }

    /** FD_SOCK2's one way to suspect: only members whose connection closed and whose port now refuses pass. */
    @Override
    protected void broadcastSuspectMessage(List<Address> suspects) {
        if (suspects == null) {
            return;
        }
        List<Address> dead = new ArrayList<>();
        for (Address a : suspects) {
            IpAddress physical = closed.remove(a);
            StringBuilder seen = new StringBuilder();
            if (physical != null && refuses(physical, seen)) {
                crashes.incrementAndGet();
                LOG.info("Node {}: its failure-detection connection closed and its port refuses connections:"
                        + " the process is gone", a);
                dead.add(a);
            } else if (physical != null) {
                notCrashes.incrementAndGet();
                LOG.info("Node {}: its failure-detection connection closed, but its port {} did not refuse a"
                        + " connection ({}): not taken as a crash (the heartbeats decide)", a, physical, seen);
            }
        }
        if (!dead.isEmpty()) {
            super.broadcastSuspectMessage(dead);
        }
    }

    /**
     * Whether nothing listens at {@code physical} any more. Tried {@link #VERIFY_TRIES} times a little apart: the
     * kernel closes a killed process's sockets one after another, so the first try may still find its port open.
     */
    private boolean refuses(IpAddress physical, StringBuilder seen) {
        for (int i = 0; i < VERIFY_TRIES; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(VERIFY_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            try (Socket s = new Socket()) {
                if (bind_addr != null) {
                    s.bind(new InetSocketAddress(bind_addr, 0));
                }
                s.connect(new InetSocketAddress(physical.getIpAddress(), physical.getPort()), VERIFY_MILLIS);
                seen.append(seen.isEmpty() ? "" : ", ").append("accepted");
            } catch (ConnectException e) {
                return true; // a reset: nothing listens there any more
            } catch (IOException e) {
                seen.append(seen.isEmpty() ? "" : ", ").append(e); // no answer at all: not evidence of a crash
            }
        }
        return false;
    }

    @Override
    protected NioServer createServer(int[] ports) {
        for (int port : ports) {
            try {
                GatedServer srv = new GatedServer(bind_addr, port);
                srv.setMaxLength(MAX_MESSAGE_BYTES);
                srv.clientBindAddress(bind_addr);
                return srv;
            } catch (Exception ignored) {
                // taken: the next one
            }
        }
        throw new IllegalStateException("no free failure-detection port in " + java.util.Arrays.toString(ports));
    }

    /** FD_SOCK2's NIO server, accepting only what the gate lets through. */
    private final class GatedServer extends NioServer {

        GatedServer(InetAddress bind, int port) throws Exception {
            super(new DefaultThreadFactory("ldirector-fd", true), new DefaultSocketFactory(), bind, port, port, null,
                    0, 0);
        }

        @Override
        protected void handleAccept(SelectionKey key) throws Exception {
            SocketChannel client = channel.accept();
            if (client == null) {
                return;
            }
            InetAddress from = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
            boolean full = getNumOpenConnections() >= maxConnections;
            if (!gate.listed(from) || full) {
                if (full) {
                    gate.refusedTooMany(from, "the failure-detection port has " + maxConnections
                            + " connections open already");
                }
                client.setOption(StandardSocketOptions.SO_LINGER, 0);
                client.close();
                return;
            }
            NioConnection conn = null;
            try {
                conn = new NioConnection(client, this);
                conn.key(client.register(selector, SelectionKey.OP_READ, conn));
                if (!usePeerConnections()) {
                    synchronized (this) {
                        replaceConnection(conn.peerAddress(), conn);
                        conn.start();
                    }
                }
            } catch (Throwable e) {
                Util.close(conn);
                throw e;
            }
        }
    }
}
