package org.ldirector.failover;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;

/**
 * Whether this node's view of the cluster is known to be current, and the nonce exchange that shows it. A node
 * starts unconfirmed (and becomes so again after a pause, or alone and cut off); it is confirmed when a peer of the
 * same view echoes its nonce, or, alone, when initdead has passed, a ping node answers and the probe finds no VIP in
 * use. The same nonce is the takeover handshake: an elected node asks, and takes over once every peer has echoed it.
 */
final class Confirmation {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long MS = 1_000_000L;
    private static final long PROBE_AGAIN_NANOS = 2000 * MS;

    private final LongSupplier clock;
    private final LongSupplier nonces;
    private boolean confirmed;
    private long unconfirmedSince;
    private long askNonce;
    private final Set<Address> echoedBy = new HashSet<>();
    private boolean probing;
    private long nextProbe;
    private boolean lastProbeInUse;

    /** @param nonces a source of non-zero random numbers */
    Confirmation(LongSupplier clock, LongSupplier nonces) {
        this.clock = clock;
        this.nonces = nonces;
    }

    boolean confirmed() {
        return confirmed;
    }

    /** The nonce this node asks its peers to echo; 0 if it asks nothing. */
    long ask() {
        return askNonce;
    }

    boolean asking() {
        return askNonce != 0;
    }

    void unconfirmed() {
        confirmed = false;
        unconfirmedSince = clock.getAsLong();
        newNonce();
    }

    /** A new question: earlier echoes do not count for it. */
    void newNonce() {
        askNonce = nonces.getAsLong();
        echoedBy.clear();
    }

    void stopAsking() {
        askNonce = 0;
    }

    /** A peer's state echoed {@code echo}; returns whether it answered the current question in the current view. */
    boolean echoed(Address from, long echo, boolean sameView) {
        if (askNonce != 0 && echo == askNonce && sameView) {
            echoedBy.add(from);
            return true;
        }
        return false;
    }

    void confirm(String why) {
        if (!confirmed) {
            confirmed = true;
            LOG.info("Cluster view confirmed: {}", why);
        }
    }

    boolean echoedByAll(ClusterView v, Address self) {
        return v.members().stream().allMatch(a -> a.equals(self) || echoedBy.contains(a));
    }

    void retain(ClusterView v) {
        echoedBy.retainAll(v.members());
    }

    /** Alone and unconfirmed: is it time to probe whether a VIP is in use (initdead passed, a ping node answers)? */
    boolean probeDue(int viewSize, boolean pingOk, Duration initdead) {
        long now = clock.getAsLong();
        return !confirmed && viewSize == 1 && pingOk && !probing && now - unconfirmedSince >= initdead.toNanos()
                && now >= nextProbe;
    }

    void probing() {
        probing = true;
    }

    /** The probe failed (logged): probe again after the usual pause. */
    void probeFailed() {
        probing = false;
        nextProbe = clock.getAsLong() + PROBE_AGAIN_NANOS;
    }

    /**
     * The probe's answer. A VIP in use: not confirmed, probe again later. None: confirmed if still alone and
     * unconfirmed. Returns whether the node became confirmed.
     */
    boolean probed(String inUse, boolean alone, Duration initdead, Duration keepalive) {
        probing = false;
        if (inUse != null) {
            if (!lastProbeInUse) {
                LOG.info("No peer is seen, but {} answers on the network: another director (maybe one this node"
                        + " cannot authenticate with) holds it; staying standby", inUse);
            }
            lastProbeInUse = true;
            nextProbe = clock.getAsLong() + Math.max(2000, keepalive.toMillis()) * MS;
            return false;
        }
        lastProbeInUse = false;
        if (!confirmed && alone) {
            confirm("no peer within initdead (" + initdead.toMillis()
                    + " ms), a ping node answers and no virtual IP is in use");
            return true;
        }
        return false;
    }
}
