package org.ldirector.failover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jgroups.Address;

/** What this node knows of its peers: each one's last state and when it came, and who is suspected. */
final class PeerTable {

    /** One peer. */
    static final class Peer {
        final String name;
        Wire.State state;
        long lastHeard;

        Peer(String name) {
            this.name = name;
        }
    }

    /** What a new state replaced: the peer's state before (null: first heard) and the interval since then. */
    record Heard(Wire.State previous, long intervalNanos) {
    }

    private final Map<Address, Peer> peers = new HashMap<>();
    private final Set<Address> suspected = new HashSet<>();

    Heard heard(Address from, Wire.State s, long now) {
        Peer p = peers.computeIfAbsent(from, a -> new Peer(s.name()));
        Heard h = new Heard(p.state, p.state == null ? 0 : now - p.lastHeard);
        p.state = s;
        p.lastHeard = now;
        return h;
    }

    /** Marks {@code a} suspected; true if it was not yet. */
    boolean suspect(Address a) {
        return suspected.add(a);
    }

    /** {@code a} left the view; returns whether it had been suspected (dead rather than left). */
    boolean forget(Address a) {
        peers.remove(a);
        return suspected.remove(a);
    }

    void retain(ClusterView v) {
        suspected.retainAll(v.members());
    }

    Wire.State state(Address a) {
        Peer p = peers.get(a);
        return p == null ? null : p.state;
    }

    /** The view as the election sees it; a peer not heard yet is not eligible. */
    List<Election.Member<Address>> members(ClusterView v, Election.Member<Address> me) {
        List<Election.Member<Address>> out = new ArrayList<>();
        for (Address a : v.members()) {
            if (a.equals(me.address())) {
                out.add(me);
            } else {
                Wire.State s = state(a);
                out.add(s == null ? new Election.Member<>(a, String.valueOf(a), false, false, false)
                        : new Election.Member<>(a, s.name(), s.eligible(), s.pingOk(), s.holding()));
            }
        }
        return out;
    }

    /** Every peer of the view has told its state since the view was installed. */
    boolean statesCurrent(ClusterView v, Address self) {
        return v.members().stream().filter(a -> !a.equals(self)).allMatch(a -> {
            Wire.State s = state(a);
            return s != null && s.viewId() >= v.id();
        });
    }

    boolean noOtherHolder(ClusterView v, Address self) {
        return v.members().stream().filter(a -> !a.equals(self)).noneMatch(a -> {
            Wire.State s = state(a);
            return s != null && s.holding();
        });
    }

    /** A peer of the view that says it holds the resources, or null. */
    Address holder(ClusterView v) {
        return peers.entrySet().stream()
                .filter(e -> e.getValue().state != null && e.getValue().state.holding() && v.contains(e.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** What {@code ha-status} shows of the peer {@code node}: absent and standby if it was never heard. */
    MemberStatus status(String node, ClusterView view, long now) {
        Optional<Map.Entry<Address, Peer>> peer = peers.entrySet().stream()
                .filter(e -> e.getValue().name.equals(node)).findFirst();
        if (peer.isEmpty() || peer.get().getValue().state == null) {
            return new MemberStatus(node, false, false, Role.STANDBY, Optional.empty(), false, false);
        }
        Peer p = peer.get().getValue();
        return new MemberStatus(node, false, view != null && view.contains(peer.get().getKey()),
                p.state.holding() ? Role.ACTIVE : Role.STANDBY,
                Optional.of(java.time.Duration.ofNanos(now - p.lastHeard)), p.state.pingOk(), p.state.eligible());
    }

    /** Whether a peer called {@code name} is in the view. */
    boolean memberNamed(String name, ClusterView v) {
        return peers.entrySet().stream().anyMatch(e -> e.getValue().name.equals(name) && v.contains(e.getKey()));
    }

    String nameOf(Address a) {
        Peer p = peers.get(a);
        return p != null ? p.name : String.valueOf(a);
    }
}
