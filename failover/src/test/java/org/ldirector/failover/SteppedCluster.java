package org.ldirector.failover;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.util.NameCache;
import org.jgroups.util.UUID;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.Resource;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * Directors' {@link ClusterCore}s without JGroups, threads or timers, Seesaw-style: the test installs views, delivers
 * the messages the nodes sent (all, or one at a time in an order it picks), runs ticks and ping rounds and moves one
 * shared clock. Every node's decider and background tasks run on the test's thread when it steps them. The effects
 * go to a {@link FakeNetwork}.
 */
final class SteppedCluster {

    final FakeNetwork net = new FakeNetwork();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FailoverConfig config;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private long nonce = 1;

    /** A message on its way: per sender FIFO, as NAKACK2/UNICAST3 deliver. */
    record Sent(Node from, Address to, Wire.Msg msg) {
    }

    final class Node implements ClusterChannel {
        final String name;
        final Address address;
        final ClusterCore core;
        final Deque<Runnable> tasks = new ArrayDeque<>();
        final Deque<Sent> outbox = new ArrayDeque<>();

        Node(String name, long id) throws java.io.IOException {
            this.name = name;
            this.address = new UUID(0, id);
            NameCache.add(address, name); // as JChannel.name() does: an address prints as its node name
            this.core = new ClusterCore(name, config, net.actionsFor(name), config.haCf().timings(), clock::get,
                    () -> nonce++, role -> { }, tasks::add, tasks::add, each -> { });
            List<Resource> located = new ArrayList<>();
            for (Resource r : config.haResources().resources()) {
                located.add(r instanceof VirtualIp vip ? net.actionsFor(name).locate(vip) : r);
            }
            core.start(new ResourceHolder(located, net.actionsFor(name)), this);
        }

        @Override
        public Address self() {
            return address;
        }

        @Override
        public void send(Address to, Wire.Msg msg) {
            outbox.add(new Sent(this, to, msg));
        }

        /** Runs this node's pending decider and background tasks, and what they post, to the end. */
        void run() {
            for (int i = 0; !tasks.isEmpty(); i++) {
                if (i > 10_000) {
                    throw new IllegalStateException(name + " does not settle");
                }
                tasks.poll().run();
            }
        }

        Role role() {
            return core.role();
        }

        void view(ClusterView v) {
            core.post(() -> core.onView(v));
            run();
        }

        void tick() {
            core.post(core::tick);
            run();
        }

        void pingRound() {
            core.pingRound();
            run();
        }

        void paused(long gapNanos) {
            core.post(() -> core.paused(gapNanos));
            run();
        }
    }

    SteppedCluster(FailoverConfig config) {
        this.config = config;
    }

    Node add(String name) throws java.io.IOException {
        Node n = new Node(name, nodes.size() + 1);
        nodes.put(name, n);
        return n;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Installs view {@code id} of {@code members} at each of them. */
    ClusterView view(long id, Node... members) {
        ClusterView v = ClusterView.of(id, java.util.Arrays.stream(members).map(n -> n.address).toList());
        for (Node n : members) {
            n.view(v);
        }
        return v;
    }

    /** A merge view {@code id} of {@code groups}, at each member. */
    void mergeView(long id, List<List<Node>> groups) {
        List<List<Address>> sub = groups.stream().map(g -> g.stream().map(n -> n.address).toList()).toList();
        ClusterView v = new ClusterView(id, sub.stream().flatMap(List::stream).toList(), sub);
        groups.stream().flatMap(List::stream).forEach(n -> n.view(v));
    }

    /** Delivers one sender's oldest message to its recipients among {@code reachable}; false if it had none. */
    boolean deliverOne(Node from, List<Node> reachable) {
        Sent s = from.outbox.poll();
        if (s == null) {
            return false;
        }
        for (Node to : reachable) {
            if (to != from && (s.to() == null || s.to().equals(to.address))) {
                to.core.received(from.address, s.msg());
                to.run();
            }
        }
        return true;
    }

    /** Delivers everything among {@code group}, in rounds, until nobody has anything more to say. */
    void settle(List<Node> group) {
        for (int round = 0; group.stream().anyMatch(n -> !n.outbox.isEmpty()); round++) {
            if (round > 1000) {
                throw new IllegalStateException("the nodes do not stop talking");
            }
            for (Node n : group) {
                while (deliverOne(n, group)) {
                    // on
                }
            }
        }
    }

    /**
     * Delivers everything among {@code group} in an order drawn from {@code random} (one message of one sender at a
     * time, each sender's in order), with ticks in between, checking {@code invariant} after every step.
     */
    void shuffle(List<Node> group, Random random, Runnable invariant) {
        for (int step = 0; step < 10_000; step++) {
            List<Node> talking = group.stream().filter(n -> !n.outbox.isEmpty()).toList();
            if (talking.isEmpty()) {
                return;
            }
            if (random.nextInt(8) == 0) {
                group.get(random.nextInt(group.size())).tick();
            } else {
                deliverOne(talking.get(random.nextInt(talking.size())), group);
            }
            invariant.run();
        }
        throw new IllegalStateException("the nodes do not stop talking");
    }

    /** A heartbeat at each of {@code group}, then everything they say delivered. */
    void converge(Node... group) {
        for (Node n : group) {
            n.tick();
        }
        settle(List.of(group));
    }

    /** Drops what the nodes sent (a cut link). */
    void drop(Node... from) {
        for (Node n : from) {
            n.outbox.clear();
        }
    }

    void advance(long millis) {
        clock.addAndGet(millis * 1_000_000L);
    }

    long actives() {
        return nodes.values().stream().filter(n -> n.role() == Role.ACTIVE).count();
    }

    Optional<Node> active() {
        return nodes.values().stream().filter(n -> n.role() == Role.ACTIVE).findFirst();
    }
}
