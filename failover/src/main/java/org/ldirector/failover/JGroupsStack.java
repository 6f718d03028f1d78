package org.ldirector.failover;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import javax.crypto.SecretKey;

import org.jgroups.Address;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.SERIALIZE;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.DiagnosticsHandler;
import org.jgroups.stack.Protocol;
import org.ldirector.failover.heartbeat.Timings;

/**
 * The JGroups stack, built in code from the transport and the ha.cf timings (docs/failover.md has the table).
 *
 * <p>{@link Seal} sits directly on the transport, with SERIALIZE above it: every message, discovery, failure
 * detection and merge traffic included, is serialized whole (headers too) and sealed with AES-256-GCM under the
 * authkeys-derived key, with a per-sender sequence window. A node without the secret cannot be discovered, join,
 * read or inject; a tampered or replayed message is dropped and counted.
 */
final class JGroupsStack {

    /** The JGroups cluster name; the nodes of one ha.cf share it. */
    static final String CLUSTER = "ldirectord";

    /**
     * TCP {@code max_length}: the largest length prefix JGroups' TCP server accepts; a larger one closes the
     * connection before anything is allocated. Messages are bundled up to 64 000 bytes and fragmented (FRAG2) at
     * 60 000, so 256 KiB leaves room and bounds what one connection can make the server allocate.
     */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private JGroupsStack() {
    }

    /** Derived JGroups timings, in milliseconds. */
    record Tuning(long fdInterval, long fdTimeout, long verifyTimeout, long mergeMin, long mergeMax, long mergeCheck,
            long joinTimeout, long viewAckTimeout, long leaveTimeout, long mergeTimeout, int connectTimeout) {

        static Tuning of(Timings t) {
            long keepalive = t.keepalive().toMillis();
            long deadtime = t.deadtime().toMillis();
            long mergeMax = clamp(2 * keepalive, 1000, 10_000);
            long join = clamp(2 * keepalive, 500, 3000);
            return new Tuning(keepalive, deadtime, clamp(keepalive / 2, 100, 1000), mergeMax / 2, mergeMax,
                    mergeMax * 3 / 2, join, join / 2, 500, clamp(deadtime, 2000, 5000),
                    (int) clamp(keepalive, 300, 2000));
        }
    }

    static List<Protocol> build(Transport transport, Timings timings, SecretKey key,
            Consumer<Collection<Address>> onSuspect, List<Protocol> testProtocols) throws Exception {
        return build(transport, timings, key, onSuspect, List.of(), testProtocols);
    }

    /** As above; {@code belowSeal} go between the transport and {@link Seal} (tests: a tap on the wire). */
    static List<Protocol> build(Transport transport, Timings timings, SecretKey key,
            Consumer<Collection<Address>> onSuspect, List<Protocol> belowSeal, List<Protocol> testProtocols)
            throws Exception {
        Tuning t = Tuning.of(timings);
        List<Protocol> stack = new ArrayList<>();
        CrashDetector crashDetector = null;
        switch (transport) {
            case Transport.Tcp tcp -> {
                TCP tp = new TCP();
                tp.setBindAddress(tcp.bindAddress()).setBindPort(tcp.port()).setPortRange(0);
                tp.setSockConnTimeout(t.connectTimeout());
                // A closed connection (crash, kill -9) is a suspicion at once, not after deadtime.
                tp.enableSuspectEvents(true);
                // Before authentication: only ha.cf's addresses may connect, a few connections each, and no
                // length prefix may make JGroups allocate more than a bundle can be (FRAG2 keeps them < 64 KB).
                PeerGate gate = new PeerGate(tcp.peers().stream().map(java.net.InetSocketAddress::getAddress)
                        .collect(java.util.stream.Collectors.toSet()));
                tp.setSocketFactory(gate);
                crashDetector = new CrashDetector(tcp.bindAddress(), gate, tcp.peers().size());
                tp.setMaxLength(MAX_MESSAGE_BYTES);
                disableDiagnostics(tp);
                stack.add(tp);
            }
            case Transport.Udp udp -> {
                UDP tp = new UDP();
                tp.setBindAddress(udp.bindAddress()).setBindPort(udp.port()).setPortRange(0);
                tp.setMulticastAddress(udp.group());
                tp.setMulticastPort(udp.port());
                tp.setIpTTL(udp.ttl());
                // No addresses in ha.cf to gate by: the crash detector's port admits authenticated members only.
                crashDetector = new CrashDetector(udp.bindAddress(), PeerGate.learned(), 0);
                disableDiagnostics(tp);
                stack.add(tp);
            }
        }
        stack.addAll(belowSeal);
        stack.add(new Seal(key));
        stack.add(new SERIALIZE());
        if (transport instanceof Transport.Tcp tcp) {
            stack.add(new TCPPING().setInitialHosts(tcp.peers()).setPortRange(0));
        } else {
            stack.add(new PING());
        }
        stack.addAll(testProtocols);
        MERGE3 merge = new MERGE3();
        merge.setMinInterval(t.mergeMin()); // before max: the setter checks the old min against the old max
        merge.setMaxInterval(t.mergeMax());
        merge.setCheckInterval(t.mergeCheck());
        stack.add(merge);
        FD_ALL3 fd = new FD_ALL3();
        fd.setTimeout(t.fdTimeout());
        fd.setInterval(t.fdInterval());
        stack.add(fd);
        stack.add(new VERIFY_SUSPECT2().setTimeout(t.verifyTimeout()));
        if (crashDetector != null) {
            stack.add(crashDetector); // above VERIFY_SUSPECT2: it verifies its own suspicions, in a millisecond
        }
        stack.add(new SuspectWatch(onSuspect));
        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(transport instanceof Transport.Udp);
        stack.add(nakack);
        stack.add(new UNICAST3());
        stack.add(new STABLE().setDesiredAverageGossip(5000).setMaxBytes(1_000_000));
        GMS gms = new GMS();
        gms.setJoinTimeout(t.joinTimeout());
        gms.setViewAckCollectionTimeout(t.viewAckTimeout());
        gms.setLeaveTimeout(t.leaveTimeout());
        gms.setMergeTimeout(t.mergeTimeout());
        gms.printLocalAddress(false);
        stack.add(gms);
        stack.add(new FRAG2().setFragSize(60_000));
        return stack;
    }

    private static void disableDiagnostics(org.jgroups.protocols.TP tp) throws Exception {
        // The diagnostics handler would join a multicast group; nothing but the cluster's own traffic is wanted.
        tp.setDiagnosticsHandler(new DiagnosticsHandler().setEnabled(false));
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}
