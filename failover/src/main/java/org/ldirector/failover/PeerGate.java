package org.ldirector.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.util.DefaultSocketFactory;

/**
 * The cluster port's door, below JGroups: JGroups' TCP server reads a length prefix from any connection and
 * allocates that much before the encryption layer sees a byte, and it reads the peer's handshake on its accepting
 * thread. So the server socket accepts a connection only from an address listed in ha.cf ({@code ucast}), and at
 * most {@link #MAX_PER_PEER} at a time from one address (JGroups needs one per peer, two while both connect at once);
 * anything else is closed at once, before JGroups reads from it. The refusals are counted and logged (the first, then
 * at most one line a minute).
 *
 * <p>Over UDP multicast ({@code mcast}, {@code bcast}) ha.cf names no peer addresses; there the gate guards only the
 * crash detector's TCP port and lets in the addresses of members it has been told of ({@link #learned}: the peers
 * whose sealed messages passed authentication), so a stranger on the heartbeat network still gets nothing but a reset.
 */
final class PeerGate extends DefaultSocketFactory {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final int MAX_PER_PEER = 4;
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Set<InetAddress> allowed;
    private final String notAllowed;
    private final boolean learning;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicLong refusedNotListed = new AtomicLong();
    private final AtomicLong refusedTooMany = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    PeerGate(Set<InetAddress> allowed) {
        this.allowed = Set.copyOf(allowed);
        this.notAllowed = "it is not a ucast address of ha.cf";
        this.learning = false;
    }

    private PeerGate() {
        this.allowed = ConcurrentHashMap.newKeySet();
        this.notAllowed = "it is not the address of an authenticated cluster member";
        this.learning = true;
    }

    /** A gate that starts closed to everyone and lets in what {@link #allow} is given (UDP multicast media). */
    static PeerGate learned() {
        return new PeerGate();
    }

    /** Lets {@code peer} in (a learned gate only; a gate built from ha.cf's list does not change). */
    void allow(InetAddress peer) {
        if (!learning) {
            throw new IllegalStateException("the gate of ha.cf's ucast addresses does not learn");
        }
        allowed.add(peer);
    }

    /** Forgets every learned address but {@code keep} (a learned gate only: members that left the view). */
    void retain(Set<InetAddress> keep) {
        if (learning) {
            allowed.retainAll(keep);
        }
    }

    boolean learning() {
        return learning;
    }

    boolean allows(InetAddress peer) {
        return allowed.contains(peer);
    }

    long refusedNotListed() {
        return refusedNotListed.get();
    }

    long refusedTooMany() {
        return refusedTooMany.get();
    }

    @Override
    public ServerSocket createServerSocket(String serviceName) throws IOException {
        return new GatedServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(String serviceName, int port) throws IOException {
        ServerSocket s = new GatedServerSocket();
        s.bind(new java.net.InetSocketAddress(port));
        return s;
    }

    @Override
    public ServerSocket createServerSocket(String serviceName, int port, int backlog) throws IOException {
        ServerSocket s = new GatedServerSocket();
        s.bind(new java.net.InetSocketAddress(port), backlog);
        return s;
    }

    @Override
    public ServerSocket createServerSocket(String serviceName, int port, int backlog, InetAddress bindAddress)
            throws IOException {
        ServerSocket s = new GatedServerSocket();
        s.bind(new java.net.InetSocketAddress(bindAddress, port), backlog);
        return s;
    }

    /** Whether {@code from} is a ucast address of ha.cf; a refusal is counted and logged. */
    boolean listed(InetAddress from) {
        if (!allowed.contains(from)) {
            refused(refusedNotListed, from, notAllowed);
            return false;
        }
        return true;
    }

    /** A refusal for another reason (e.g. too many connections to the crash detector's port). */
    void refusedTooMany(InetAddress from, String why) {
        refused(refusedTooMany, from, why);
    }

    /** Whether a connection from {@code from} may be handed to JGroups; counts it open if so. */
    boolean admit(InetAddress from) {
        if (!listed(from)) {
            return false;
        }
        AtomicInteger n = open.computeIfAbsent(from, a -> new AtomicInteger());
        if (n.incrementAndGet() > MAX_PER_PEER) {
            n.decrementAndGet();
            refused(refusedTooMany, from, "it has " + MAX_PER_PEER + " connections open already");
            return false;
        }
        return true;
    }

    private void closed(InetAddress from) {
        AtomicInteger n = open.get(from);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    private void refused(AtomicLong counter, InetAddress from, String why) {
        long count = counter.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("Refused a connection to the {} port from {}: {} ({} refused so far for this reason)",
                    learning ? "failure-detection" : "cluster", from.getHostAddress(), why, count);
        }
    }

    /** Accepts only what {@link #admit} lets through; the rest is closed before anyone reads from it. */
    private final class GatedServerSocket extends ServerSocket {

        GatedServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                GatedSocket s = new GatedSocket();
                implAccept(s);
                InetAddress from = s.getInetAddress();
                if (admit(from)) {
                    s.from = from;
                    return s;
                }
                s.setSoLinger(true, 0); // a reset: nothing of it stays in the kernel either
                s.close();
            }
        }
    }

    /** An accepted connection that gives its slot back when closed (once). */
    private final class GatedSocket extends Socket {
        private volatile InetAddress from;
        private boolean released;

        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                if (!released && from != null) {
                    released = true;
                    closed(from);
                }
            }
        }
    }
}
