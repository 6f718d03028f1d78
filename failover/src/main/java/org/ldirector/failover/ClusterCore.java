package org.ldirector.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.ldirector.failover.conn.IpvsConnection;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.Timings;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * The cluster's decisions. Everything it holds is confined to the single decider thread: views, messages, timers,
 * ping and probe results and commands are all posted there (through {@code decider}), then {@link #evaluate()}
 * recomputes the election ({@link Election}) and takes or releases the resources. It knows the group only as a
 * {@link ClusterChannel}; what it knows of the peers is in {@link PeerTable}, whether its view is current in
 * {@link Confirmation}. Step tests drive it by calling the event methods directly, with executors they run by hand.
 */
final class ClusterCore {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long MS = 1_000_000L;

    private final String nodeName;
    private final Election.Rules rules;
    private final Timings timings;
    private final LongSupplier clock;
    private final RoleListener listener;
    private final Executor decider;
    private final PingMonitor ping;
    private final TableReplicator replicator;
    private final PeerTable peers = new PeerTable();
    private final Confirmation confirmation;
    private ResourceHolder resources;
    private ClusterChannel channel;

    private ClusterView view;
    private boolean holding;
    private String publishedEssence = "";
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
    private final VipProbe probe;

    ClusterCore(String nodeName, FailoverConfig config, ResourceActions actions, Timings timings, LongSupplier clock,
            LongSupplier nonces, RoleListener listener, Executor decider, Executor background,
            TableReplicator.Source tableSource) {
        this.nodeName = nodeName;
        this.rules = new Election.Rules(config.haResources().preferredNode(), config.haCf().autoFailback(),
                config.haCf().nodes());
        this.timings = timings;
        this.clock = clock;
        this.listener = listener;
        this.decider = decider;
        this.events = new TaskGuard("Handling a cluster event", clock);
        this.probe = new VipProbe(actions, background, clock);
        this.confirmation = new Confirmation(clock, nonces);
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

    void start(ResourceHolder holder, ClusterChannel ch) {
        this.resources = holder;
        this.channel = ch;
        holder.prepare();
        ping.round();
        confirmation.unconfirmed();
    }

    /** One ping round (background thread); a change of connectivity is an event. */
    void pingRound() {
        if (ping.round()) {
            post(this::evaluate);
        }
    }

    boolean pingConfigured() {
        return ping.configured();
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
        publish(0);
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

    /** Runs {@code task} on the decider thread; after close() there is no decider, and nothing left to decide. */
    void post(Runnable task) {
        try {
            decider.execute(() -> events.run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("Cluster closed: dropped an event");
        }
    }

    /** A message from {@code from} (any thread): decisions are posted, the table's messages handled at once. */
    void received(Address from, Wire.Msg m) {
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

    void suspected(java.util.Collection<Address> addresses) {
        post(() -> {
            for (Address a : addresses) {
                if (view != null && view.contains(a) && peers.suspect(a)) {
                    LOG.info("Node {} does not answer (no heartbeat within deadtime {} or connection lost):"
                            + " declaring it dead", a, ms(timings.deadtime()));
                }
            }
        });
    }

    // ---- events (decider thread) ----

    void onView(ClusterView v) {
        ClusterView old = view;
        view = v;
        Address me = me();
        List<Address> joined = old == null ? v.members().stream().filter(a -> !a.equals(me)).toList()
                : v.joinedSince(old);
        List<Address> left = old == null ? List.of() : v.leftSince(old);
        if (old == null && v.size() == 1) {
            LOG.info("Formed the director cluster alone: waiting up to initdead ({}) for peers", ms(timings.initdead()));
        } else if (old == null) {
            LOG.info("Joined the director cluster: {}", v.members());
        } else if (v.merged()) {
            LOG.info("Cluster partitions merged: {} (were {})", v.members(), v.mergedFrom());
            contested |= holding;
        }
        for (Address a : joined) {
            if (old != null) {
                LOG.info("Node {} joined the cluster", a);
            }
        }
        for (Address a : left) {
            LOG.info(peers.forget(a) ? "Node {} is dead" : "Node {} left the cluster", a);
        }
        peers.retain(v);
        confirmation.retain(v);
        if (choice != null && Election.choiceEnds(memberNamed(choice),
                joined.stream().map(peers::nameOf).toList(), rules)) {
            choice = null;
        }
        evaluate();
    }

    void onState(Address from, Wire.State s) {
        if (from.equals(me())) {
            return;
        }
        PeerTable.Heard h = peers.heard(from, s, clock.getAsLong());
        if (h.previous() != null && h.intervalNanos() > timings.warntime().toNanos()) {
            LOG.info("Late heartbeat: node {}: interval {} ms (warntime {})", s.name(), h.intervalNanos() / MS,
                    ms(timings.warntime()));
        }
        if (h.previous() == null || h.previous().holding() != s.holding()) {
            if (s.holding()) {
                LOG.info("Node {} is active", s.name());
            } else if (h.previous() != null) {
                LOG.info("Node {} is standby", s.name());
            }
        }
        boolean inView = view != null && view.contains(from);
        contested |= holding && s.holding() && inView;
        if (s.ask() != 0 && inView) {
            publish(s.ask()); // answer at once: the asker is waiting to confirm
        }
        if (confirmation.echoed(from, s.echo(), inView && s.viewId() == viewId())) {
            confirmation.confirm("node " + s.name() + " answered in the current view");
        }
        evaluate();
    }

    void onChoice(Wire.Choice c) {
        if (Election.choiceWins(c.name(), c.seq(), choice, choiceSeq)) {
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
        confirmation.unconfirmed();
        evaluate();
    }

    /** Every keepalive: retry what failed, send the heartbeat, decide. */
    void tick() {
        if (resources != null) {
            resources.retry();
        }
        publish(0);
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
        Optional<Election.Member<Address>> next = Election.nextWithout(members(), me(), rules);
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
        for (String node : rules.nodeOrder()) {
            members.add(node.equals(nodeName)
                    ? new MemberStatus(node, true, true, role, Optional.empty(), ping.ok(), eligible())
                    : peers.status(node, view, now));
        }
        Optional<String> active = holding ? Optional.of(nodeName) : members.stream()
                .filter(m -> !m.local() && m.role() == Role.ACTIVE).map(MemberStatus::name).findFirst();
        return new ClusterStatus(nodeName, role, active, members, resources.held(),
                new ReplicationStatus(resources.syncRole(), replicator.epoch(), replicator.version(), replicator.size(),
                        replicator.lastUpdateAge()));
    }

    // ---- the decision ----

    void evaluate() {
        if (view == null || leaving) {
            return;
        }
        publishIfChanged();
        if (Election.cutOff(confirmation.confirmed(), view.size(), ping.configured(), ping.ok())) {
            LOG.info("Alone and no ping node answers: this director is probably the one cut off; it waits for a peer"
                    + " (or initdead and a free virtual IP) before it may be active again");
            confirmation.unconfirmed();
        }
        if (confirmation.probeDue(view.size(), ping.ok(), timings.initdead())) {
            probeAlone();
        }
        Optional<Election.Member<Address>> elected = Election.elect(members(), rules, choice);
        boolean mine = elected.isPresent() && elected.get().address().equals(me());
        replicator.holderChanged(holding ? me() : peers.holder(view));
        boolean current = peers.statesCurrent(view, me());
        boolean noOther = peers.noOtherHolder(view, me());
        switch (Election.step(holding, mine, view.size() == 1, confirmation.asking(), current, noOther,
                confirmation.echoedByAll(view, me()))) {
            case RELEASE -> {
                LOG.info(elected.map(m -> "Node " + m.name() + " should be active: releasing the resources")
                        .orElse("No director may be active (" + (ping.ok() ? "cluster not confirmed"
                                : "no ping node answers") + "): releasing the resources"));
                release();
            }
            case ASK -> confirmation.newNonce(); // the peers acknowledge this node's state before it takes over
            case TAKE_OVER -> {
                LOG.info(view.size() == 1 ? "Taking over the resources: no other director is alive"
                        : "Taking over the resources: this director is elected");
                acquire();
            }
            case WAIT -> { }
            case STAY -> {
                if (confirmation.confirmed()) {
                    confirmation.stopAsking(); // nothing to ask for
                }
            }
        }
        if (Election.reannounce(holding, mine, contested, current, noOther)) {
            contested = false;
            LOG.info("No other director holds the resources any more: announcing the virtual IPs again");
            resources.announce();
        }
        publishIfChanged();
    }

    private List<Election.Member<Address>> members() {
        return peers.members(view, new Election.Member<>(me(), nodeName, eligible(), ping.ok(), holding));
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

    private boolean eligible() {
        return confirmation.confirmed() && !leaving;
    }

    /** Alone after initdead: may this node be active, or does another director answer for a VIP? */
    private void probeAlone() {
        confirmation.probing();
        probe.start(resources.virtualIps(), inUse -> post(() -> probed(inUse)), () -> post(confirmation::probeFailed));
    }

    private void probed(Optional<VirtualIp> inUse) {
        confirmation.probed(inUse.map(VirtualIp::describe).orElse(null), view.size() == 1, timings.initdead(),
                timings.keepalive());
        if (inUse.isEmpty()) {
            evaluate();
        }
    }

    // ---- messaging ----

    /** Multicasts this node's state; {@code echo} answers a peer's nonce (0: none). */
    private void publish(long echo) {
        if (view == null) {
            return;
        }
        send(null, new Wire.State(nodeName, viewId(), holding, eligible(), ping.ok(), confirmation.ask(), echo));
    }

    /** Publishes the state if what peers elect on changed; an open question then gets a new nonce. */
    private void publishIfChanged() {
        String essence = viewId() + " " + holding + " " + eligible() + " " + ping.ok();
        if (!essence.equals(publishedEssence)) {
            publishedEssence = essence;
            if (confirmation.asking()) {
                confirmation.newNonce();
            }
            publish(0);
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
        ClusterChannel ch = channel;
        if (ch != null) {
            ch.send(to, msg);
        }
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private Address me() {
        return channel.self();
    }

    private long viewId() {
        return view == null ? -1 : view.id();
    }

    private boolean memberNamed(String name) {
        return name.equals(nodeName) || peers.memberNamed(name, view);
    }
}
