package org.ldirector.failover;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.ldirector.failover.conn.IpvsConnection;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.Timings;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * The cluster's state machine. Everything it holds is confined to the single decider thread: JGroups callbacks,
 * timers, ping and probe results and commands are all posted there, then {@link #evaluate()} recomputes the election
 * and takes or releases the resources.
 *
 * <p>Confirmation: a node only counts as eligible once it has evidence that its view of the cluster is current: a
 * peer in the same view echoed its nonce, or, alone, initdead passed with a ping node answering and no VIP in use on
 * the link. A node starts unconfirmed, and becomes unconfirmed again after a pause (its view may be stale: the others
 * may have excluded it and taken over).
 *
 * <p>Takeover handshake: every node computes the election from the states it has heard, and those may lag. So a
 * node that finds itself elected first asks (a nonce in its state, renewed whenever its state changes) and takes
 * over only when every peer of the view has echoed that nonce: each peer has then seen this node's current state
 * and, computing the same election, will not take over too.
 */
final class ClusterCore implements Receiver {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long MS = 1_000_000L;

    /** What this node knows of a peer. */
    private static final class Peer {
        final String name;
        Wire.State state;
        long lastHeard;

        Peer(String name) {
            this.name = name;
        }
    }

    private final String nodeName;
    private final Election.Rules rules;
    private final ResourceActions actions;
    private final Timings timings;
    private final LongSupplier clock;
    private final RoleListener listener;
    private final ScheduledExecutorService decider;
    private final ScheduledExecutorService background;
    private final PingMonitor ping;
    private final TableReplicator replicator;
    private ResourceHolder resources;
    private JChannel channel;

    private View view;
    private final Map<Address, Peer> peers = new HashMap<>();
    private final Set<Address> suspected = new HashSet<>();
    private boolean holding;
    private boolean confirmed;
    private long unconfirmedSince;
    private long askNonce;
    private final Set<Address> echoedBy = new HashSet<>();
    private long echoNonce;
    private String publishedEssence = "";
    private boolean probing;
    private long nextProbe;
    private boolean lastProbeInUse;
    private String choice;
    private long choiceSeq;
    private boolean leaving;
    /** Another director may have announced the VIPs while this one held them (a partition): announce again. */
    private boolean contested;
    private volatile Role role = Role.STANDBY;
    /** Told of operator actions taken on another director (drain, maintenance, ready). */
    private volatile java.util.function.Consumer<Wire.Operator> operators = o -> { };
    /** Events and commands run on the decider: an exception in one is logged, not lost in a Future. */
    private final TaskGuard events;

    ClusterCore(String nodeName, FailoverConfig config, ResourceActions actions, Timings timings, LongSupplier clock,
            RoleListener listener, ScheduledExecutorService decider, ScheduledExecutorService background,
            TableReplicator.Source tableSource) {
        this.nodeName = nodeName;
        this.rules = new Election.Rules(config.haResources().preferredNode(), config.haCf().autoFailback(),
                config.haCf().nodes());
        this.actions = actions;
        this.timings = timings;
        this.clock = clock;
        this.listener = listener;
        this.decider = decider;
        this.background = background;
        this.events = new TaskGuard("Handling a cluster event", clock);
        this.ping = new PingMonitor(config.haCf().pingNodes(), actions, clock, timings.deadping());
        this.replicator = new TableReplicator(clock, tableSource, new TableReplicator.Sender() {
            @Override
            public void multicast(Wire.Msg msg) {
                send(null, msg);
            }

            @Override
            public void unicast(Address to, Wire.Msg msg) {
                send(to, msg);
            }
        });
    }

    // ---- lifecycle (called by DirectorCluster) ----

    void start(ResourceHolder holder, JChannel ch) {
        this.resources = holder;
        this.channel = ch;
        holder.prepare();
        ping.round();
        unconfirmed();
        ch.setReceiver(this);
    }

    void connected() {
        long keepalive = timings.keepalive().toMillis();
        decider.scheduleAtFixedRate(new TaskGuard("The heartbeat and election tick", clock).wrap(this::tick),
                keepalive, keepalive, TimeUnit.MILLISECONDS);
        if (ping.configured()) {
            long every = Math.max(1000, keepalive);
            background.scheduleWithFixedDelay(new TaskGuard("Pinging the ping nodes", clock).wrap(() -> {
                if (ping.round()) {
                    post(this::evaluate);
                }
            }), every, every, TimeUnit.MILLISECONDS);
        }
        decider.execute(this::evaluate);
    }

    void leave() {
        leaving = true;
        if (resources == null) {
            return;
        }
        if (holding) {
            LOG.info("Shutting down: releasing the resources for another director");
            release();
        }
        publish();
    }

    void shutdownResources() {
        if (resources != null) {
            resources.shutdown();
        }
    }

    void pollTable() {
        if (holding) {
            replicator.poll();
        }
    }

    // ---- JGroups callbacks (JGroups threads: post to the decider) ----

    @Override
    public void viewAccepted(View v) {
        post(() -> onView(v));
    }

    /** Runs {@code task} on the decider thread; after close() there is no decider, and nothing left to decide. */
    void post(Runnable task) {
        try {
            decider.execute(() -> events.run(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Cluster closed: dropped an event");
        }
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
        Address from = msg.getSrc();
        switch (m) {
            case Wire.State s -> post(() -> onState(from, s));
            case Wire.Choice c -> post(() -> onChoice(c));
            case Wire.SnapshotRequest r -> replicator.onSnapshotRequest(from);
            case Wire.Snapshot s -> replicator.onSnapshot(from, s);
            case Wire.Delta d -> replicator.onDelta(from, d);
            case Wire.Operator o -> {
                if (!from.equals(me())) {
                    operators.accept(o);
                }
            }
        }
    }

    void suspected(Collection<Address> addresses) {
        post(() -> {
            for (Address a : addresses) {
                if (view != null && view.containsMember(a) && suspected.add(a)) {
                    LOG.info("Node {} does not answer (no heartbeat within deadtime {} or connection lost):"
                            + " declaring it dead", a, ms(timings.deadtime()));
                }
            }
        });
    }

    // ---- events (decider thread) ----

    private void onView(View v) {
        View old = view;
        view = v;
        List<Address> joined = old == null ? v.getMembers().stream().filter(a -> !a.equals(me())).toList()
                : View.newMembers(old, v);
        List<Address> left = old == null ? List.of() : View.leftMembers(old, v);
        if (old == null && v.size() == 1) {
            LOG.info("Formed the director cluster alone: waiting up to initdead ({}) for peers", ms(timings.initdead()));
        } else if (old == null) {
            LOG.info("Joined the director cluster: {}", v.getMembers());
        } else if (v instanceof MergeView mv) {
            LOG.info("Cluster partitions merged: {} (were {})", v.getMembers(), mv.getSubgroups());
            contested |= holding;
        }
        for (Address a : joined) {
            if (old != null) {
                LOG.info("Node {} joined the cluster", a);
            }
        }
        for (Address a : left) {
            LOG.info(suspected.remove(a) ? "Node {} is dead" : "Node {} left the cluster", a);
            peers.remove(a);
        }
        suspected.retainAll(v.getMembers());
        echoedBy.retainAll(v.getMembers());
        if (choice != null && (!memberNamed(choice)
                || joined.stream().anyMatch(a -> rules.preferredNode().equals(nameOf(a))))) {
            choice = null; // a manual choice lasts until its node leaves or the preferred node (re)joins
        }
        evaluate();
    }

    private void onState(Address from, Wire.State s) {
        if (from.equals(me())) {
            return;
        }
        long now = clock.getAsLong();
        Peer p = peers.computeIfAbsent(from, a -> new Peer(s.name()));
        if (p.state != null) {
            long interval = now - p.lastHeard;
            if (interval > timings.warntime().toNanos()) {
                LOG.info("Late heartbeat: node {}: interval {} ms (warntime {})", s.name(), interval / MS,
                        ms(timings.warntime()));
            }
        }
        if (p.state == null || p.state.holding() != s.holding()) {
            if (s.holding()) {
                LOG.info("Node {} is active", s.name());
            } else if (p.state != null) {
                LOG.info("Node {} is standby", s.name());
            }
        }
        p.state = s;
        p.lastHeard = now;
        boolean inView = view != null && view.containsMember(from);
        contested |= holding && s.holding() && inView;
        if (s.ask() != 0 && inView) {
            echoNonce = s.ask();
            publish(); // answer at once: the asker is waiting to confirm
            echoNonce = 0;
        }
        if (askNonce != 0 && s.echo() == askNonce && inView && s.viewId() == viewId()) {
            echoedBy.add(from);
            confirm("node " + s.name() + " answered in the current view");
        }
        evaluate();
    }

    private void onChoice(Wire.Choice c) {
        if (c.seq() > choiceSeq || (c.seq() == choiceSeq && (choice == null || c.name().compareTo(choice) > 0))) {
            choiceSeq = c.seq();
            choice = c.name();
            LOG.info("Operator request: node {} should be active", c.name());
        }
        evaluate();
    }

    void paused(long gapNanos) {
        LOG.info("This director was frozen for {} ms (deadtime {}): its view of the cluster may be stale",
                gapNanos / MS, ms(timings.deadtime()));
        if (holding) {
            LOG.info("Releasing the resources until the cluster is confirmed again");
            release();
        }
        unconfirmed();
        evaluate();
    }

    private void tick() {
        if (resources != null) {
            resources.retry();
        }
        publish();
        evaluate();
    }

    // ---- commands (decider thread) ----

    void takeover() {
        if (!eligible() || !ping.ok()) {
            throw new IllegalStateException("this director may not be active now: "
                    + (!ping.ok() ? "no ping node answers" : "it has not confirmed the cluster yet"));
        }
        choose(nodeName);
    }

    void standby() {
        List<Election.Member<Address>> others = new ArrayList<>();
        for (Election.Member<Address> m : members()) {
            others.add(m.address().equals(me()) ? new Election.Member<>(me(), nodeName, false, false, false) : m);
        }
        Optional<Election.Member<Address>> next = Election.elect(others, rules, null);
        if (next.isEmpty()) {
            throw new IllegalStateException("no other director can take over");
        }
        choose(next.get().name());
    }

    private void choose(String name) {
        choiceSeq++;
        choice = name;
        LOG.info("Operator request: node {} should be active", name);
        send(null, new Wire.Choice(name, choiceSeq));
        evaluate();
    }

    Role role() {
        return role;
    }

    List<IpvsConnection> replicated() {
        return replicator.replicated();
    }

    ClusterStatus status() {
        long now = clock.getAsLong();
        List<MemberStatus> members = new ArrayList<>();
        String active = holding ? nodeName : null;
        for (String node : rules.nodeOrder()) {
            if (node.equals(nodeName)) {
                members.add(new MemberStatus(node, true, true, role, Optional.empty(), ping.ok(), eligible()));
                continue;
            }
            Optional<Map.Entry<Address, Peer>> peer = peers.entrySet().stream()
                    .filter(e -> e.getValue().name.equals(node)).findFirst();
            if (peer.isEmpty() || peer.get().getValue().state == null) {
                members.add(new MemberStatus(node, false, false, Role.STANDBY, Optional.empty(), false, false));
                continue;
            }
            Peer p = peer.get().getValue();
            if (p.state.holding() && active == null) {
                active = node;
            }
            members.add(new MemberStatus(node, false, view != null && view.containsMember(peer.get().getKey()),
                    p.state.holding() ? Role.ACTIVE : Role.STANDBY, Optional.of(Duration.ofNanos(now - p.lastHeard)),
                    p.state.pingOk(), p.state.eligible()));
        }
        return new ClusterStatus(nodeName, role, Optional.ofNullable(active), members, resources.held(),
                new ReplicationStatus(resources.syncRole(), replicator.epoch(), replicator.version(), replicator.size(),
                        replicator.lastUpdateAge()));
    }

    // ---- the decision ----

    private void evaluate() {
        if (view == null || leaving) {
            return;
        }
        publishIfChanged();
        long now = clock.getAsLong();
        if (confirmed && view.size() == 1 && ping.configured() && !ping.ok()) {
            // Alone and cut off from the ping nodes: most likely this node lost the link, not its peers. They may
            // take over meanwhile, so its view is stale: it must not take over the moment the link returns (before
            // the partitions merge) but wait, like a starting node, for a peer's answer or initdead and a free VIP.
            LOG.info("Alone and no ping node answers: this director is probably the one cut off; it waits for a peer"
                    + " (or initdead and a free virtual IP) before it may be active again");
            unconfirmed();
        }
        if (!confirmed && view.size() == 1 && ping.ok() && !probing && now - unconfirmedSince
                >= timings.initdead().toNanos() && now >= nextProbe) {
            probeAlone();
        }
        Optional<Election.Member<Address>> elected = Election.elect(members(), rules, choice);
        boolean mine = elected.isPresent() && elected.get().address().equals(me());
        replicator.holderChanged(holding ? me() : peers.entrySet().stream()
                .filter(e -> e.getValue().state != null && e.getValue().state.holding()
                        && view.containsMember(e.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null));
        if (holding && !mine) {
            LOG.info(elected.map(m -> "Node " + m.name() + " should be active: releasing the resources")
                    .orElse("No director may be active (" + (ping.ok() ? "cluster not confirmed"
                            : "no ping node answers") + "): releasing the resources"));
            release();
        } else if (!holding && mine) {
            boolean alone = view.size() == 1;
            if (!alone && askNonce == 0) {
                newNonce(); // ask the peers to acknowledge this node's state before it takes over
            } else if (alone || (statesCurrent() && noOtherHolder() && echoedByAll())) {
                LOG.info(alone ? "Taking over the resources: no other director is alive"
                        : "Taking over the resources: this director is elected");
                acquire();
            }
        } else if (confirmed) {
            askNonce = 0; // nothing to ask for
        }
        if (holding && mine && contested && statesCurrent() && noOtherHolder()) {
            contested = false;
            LOG.info("No other director holds the resources any more: announcing the virtual IPs again");
            resources.announce();
        }
        publishIfChanged();
    }

    private boolean echoedByAll() {
        return view.getMembers().stream().allMatch(a -> a.equals(me()) || echoedBy.contains(a));
    }

    /** The view as the election sees it; a peer not heard yet is not eligible. */
    private List<Election.Member<Address>> members() {
        List<Election.Member<Address>> out = new ArrayList<>();
        for (Address a : view.getMembers()) {
            if (a.equals(me())) {
                out.add(new Election.Member<>(a, nodeName, eligible(), ping.ok(), holding));
            } else {
                Peer p = peers.get(a);
                Wire.State s = p == null ? null : p.state;
                out.add(s == null ? new Election.Member<>(a, String.valueOf(a), false, false, false)
                        : new Election.Member<>(a, s.name(), s.eligible(), s.pingOk(), s.holding()));
            }
        }
        return out;
    }

    /** Every peer of the view has told its state since this view was installed. */
    private boolean statesCurrent() {
        long id = viewId();
        return view.getMembers().stream().filter(a -> !a.equals(me()))
                .allMatch(a -> peers.containsKey(a) && peers.get(a).state != null && peers.get(a).state.viewId() >= id);
    }

    private boolean noOtherHolder() {
        return view.getMembers().stream().filter(a -> !a.equals(me()))
                .noneMatch(a -> peers.containsKey(a) && peers.get(a).state.holding());
    }

    private void acquire() {
        contested = false;
        resources.acquire();
        holding = true;
        role = Role.ACTIVE;
        LOG.info("This director is now ACTIVE");
        replicator.becameActive();
        notifyListener(Role.ACTIVE);
    }

    private void release() {
        contested = false;
        holding = false;
        role = Role.STANDBY;
        notifyListener(Role.STANDBY);
        replicator.becameStandby();
        resources.release();
        LOG.info("This director is now STANDBY");
    }

    private void notifyListener(Role r) {
        try {
            listener.roleChanged(r);
        } catch (RuntimeException e) {
            LOG.error("Role listener failed on {}: {}", r, e.toString());
        }
    }

    // ---- confirmation ----

    private boolean eligible() {
        return confirmed && !leaving;
    }

    private void unconfirmed() {
        confirmed = false;
        unconfirmedSince = clock.getAsLong();
        newNonce();
    }

    private void newNonce() {
        askNonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        echoedBy.clear();
    }

    private void confirm(String why) {
        if (!confirmed) {
            confirmed = true;
            LOG.info("Cluster view confirmed: {}", why);
        }
    }

    /** Alone after initdead: may this node be active, or does another director answer for a VIP? */
    private void probeAlone() {
        probing = true;
        List<VirtualIp> vips = resources.virtualIps();
        background.execute(() -> {
            Optional<VirtualIp> inUse = Optional.empty();
            for (VirtualIp vip : vips) {
                try {
                    if (actions.addressInUse(vip)) {
                        inUse = Optional.of(vip);
                        break;
                    }
                } catch (IOException e) {
                    LOG.warn("Cannot probe whether {} is in use: {}", vip.describe(), e.getMessage());
                }
            }
            Optional<VirtualIp> result = inUse;
            post(() -> probed(result));
        });
    }

    private void probed(Optional<VirtualIp> inUse) {
        probing = false;
        if (inUse.isPresent()) {
            if (!lastProbeInUse) {
                LOG.info("No peer is seen, but {} answers on the network: another director (maybe one this node"
                        + " cannot authenticate with) holds it; staying standby", inUse.get().describe());
            }
            lastProbeInUse = true;
            nextProbe = clock.getAsLong() + Math.max(2000, timings.keepalive().toMillis()) * MS;
            return;
        }
        lastProbeInUse = false;
        if (!confirmed && view.size() == 1) {
            confirm("no peer within initdead (" + ms(timings.initdead())
                    + "), a ping node answers and no virtual IP is in use");
        }
        evaluate();
    }

    // ---- messaging ----

    private void publish() {
        if (view == null) {
            return;
        }
        send(null, new Wire.State(nodeName, viewId(), holding, eligible(), ping.ok(), askNonce, echoNonce));
    }

    /** Publishes the state if what peers elect on changed; an open question then gets a new nonce. */
    private void publishIfChanged() {
        String essence = viewId() + " " + holding + " " + eligible() + " " + ping.ok();
        if (!essence.equals(publishedEssence)) {
            publishedEssence = essence;
            if (askNonce != 0) {
                newNonce();
            }
            publish();
        }
    }

    void onOperator(java.util.function.Consumer<Wire.Operator> listener) {
        operators = listener;
    }

    /** Multicasts an operator action to the other directors (best effort: a director that is not in the view misses it). */
    void sendOperator(String command) {
        send(null, new Wire.Operator(nodeName, command));
    }

    private void send(Address to, Wire.Msg msg) {
        JChannel ch = channel;
        if (ch == null || !ch.isConnected()) {
            return;
        }
        try {
            ch.send(new BytesMessage(to, Wire.encode(msg)));
        } catch (Exception e) {
            LOG.debug("Cannot send to the cluster: {}", e.toString());
        }
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private Address me() {
        return channel.getAddress();
    }

    private long viewId() {
        return view == null ? -1 : view.getViewId().getId();
    }

    private boolean memberNamed(String name) {
        if (name.equals(nodeName)) {
            return true;
        }
        return peers.entrySet().stream()
                .anyMatch(e -> e.getValue().name.equals(name) && view.containsMember(e.getKey()));
    }

    private String nameOf(Address a) {
        Peer p = peers.get(a);
        return p != null ? p.name : String.valueOf(a);
    }
}
