package org.ldirector.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.JChannel;
import org.jgroups.stack.Protocol;
import org.ldirector.failover.conn.ConnectionTableReader;
import org.ldirector.failover.conn.IpvsConnection;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.Resource;
import org.ldirector.failover.heartbeat.Timings;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * The director cluster: Heartbeat's job on JGroups. Elects one active director, which holds the haresources
 * resources (VIPs with gratuitous ARP, the sync daemon as master); replicates its IPVS connection table to the
 * standbys; guards against split brain with ping nodes, a pause detector and a careful singleton rule.
 *
 * <pre>
 * FailoverConfig cfg = HeartbeatFiles.read(Path.of("/etc/ha.d/ha.cf"));
 * try (DirectorCluster cluster = DirectorCluster.builder(cfg).listener(engine::setRole).build()) {
 *     cluster.start();
 *     ...
 * }
 * </pre>
 *
 * Thread safety: every method may be called from any thread; {@link #close()} is safe in a shutdown hook.
 */
public final class DirectorCluster implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String nodeName;
    private final FailoverConfig config;
    private final ResourceActions actions;
    private final Transport transport;
    private final Timings timings;
    private final LongSupplier clock;
    private final List<Path> tableFiles;
    private final TableReplicator.Source tableSource;
    private final Duration replicationInterval;
    private final List<Protocol> testProtocols;
    private final List<Protocol> belowSeal;
    private final ScheduledExecutorService decider;
    private final ScheduledExecutorService background;
    private final ClusterCore core;
    private JChannel channel;
    private PauseDetector pauseDetector;
    private volatile boolean started;
    private volatile boolean closed;

    private DirectorCluster(Builder b, Transport transport) {
        this.nodeName = b.nodeName;
        this.config = b.config;
        this.actions = b.actions;
        this.transport = transport;
        this.timings = b.config.haCf().timings();
        this.clock = b.clock;
        this.tableFiles = List.copyOf(b.tableFiles);
        this.replicationInterval = b.replicationInterval;
        this.testProtocols = List.copyOf(b.testProtocols);
        this.belowSeal = List.copyOf(b.belowSeal);
        this.decider = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ldirector-failover-" + nodeName).factory());
        this.background = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("ldirector-failover-io-" + nodeName + "-", 0).factory());
        TableReplicator.Source source = b.tableSource != null ? b.tableSource
                : each -> ConnectionTableReader.forEach(each, tableFiles.toArray(Path[]::new));
        this.tableSource = source;
        this.core = new ClusterCore(nodeName, config, actions, timings, clock,
                () -> ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), b.listener, decider, background,
                source);
    }

    public static Builder builder(FailoverConfig config) {
        return new Builder(config);
    }

    /** Options; only the config is required. */
    public static final class Builder {
        private final FailoverConfig config;
        private String nodeName;
        private ResourceActions actions = new CommandResourceActions();
        private RoleListener listener = role -> { };
        private Transport transport;
        private LongSupplier clock = System::nanoTime;
        private List<Path> tableFiles = List.of(ConnectionTableReader.PROC_IP_VS_CONN,
                ConnectionTableReader.PROC_IP_VS_CONN_V6);
        private Duration replicationInterval = Duration.ofMillis(500);
        private List<Protocol> testProtocols = List.of();
        private TableReplicator.Source tableSource;
        private List<Protocol> belowSeal = List.of();

        private Builder(FailoverConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /** This director's node name (default: {@code uname -n}, as Heartbeat). Must be a {@code node} of ha.cf. */
        public Builder nodeName(String name) {
            this.nodeName = name.toLowerCase(Locale.ROOT);
            return this;
        }

        /** The effects on the machine (default: {@link CommandResourceActions} in this network namespace). */
        public Builder resourceActions(ResourceActions actions) {
            this.actions = Objects.requireNonNull(actions);
            return this;
        }

        public Builder listener(RoleListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Overrides the transport derived from ha.cf's media (tests: loopback with distinct ports). */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The IPVS connection table files (default {@code /proc/net/ip_vs_conn} and {@code _v6}). */
        public Builder connectionTable(Path... files) {
            this.tableFiles = List.of(files);
            return this;
        }

        /** How often the active reads and replicates its connection table (default 500 ms). */
        public Builder replicationInterval(Duration interval) {
            this.replicationInterval = interval;
            return this;
        }

        /** A monotonic clock in nanoseconds (tests inject jumps to simulate a frozen JVM). */
        Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        /** Where the active reads its connection table, instead of {@link #connectionTable} (tests). */
        Builder tableSource(TableReplicator.Source source) {
            this.tableSource = source;
            return this;
        }

        /** Protocols put between the transport and {@link Seal} (tests: a tap that records and replays the wire). */
        Builder belowSeal(List<Protocol> protocols) {
            this.belowSeal = protocols;
            return this;
        }

        /** Protocols put above discovery (tests: DISCARD to cut the network). */
        Builder testProtocols(List<Protocol> protocols) {
            this.testProtocols = protocols;
            return this;
        }

        /** Checks the node name and works out the transport; nothing is started yet. */
        public DirectorCluster build() throws IOException {
            if (nodeName == null) {
                nodeName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
            }
            if (!config.haCf().nodes().contains(nodeName)) {
                throw new IOException("this director (" + nodeName + ") is not a node in " + config.haCf().file()
                        + " (nodes: " + String.join(", ", config.haCf().nodes()) + ")");
            }
            Transport t = transport != null ? transport : Transport.fromHaCf(config.haCf(), LOG::warn);
            return new DirectorCluster(this, t);
        }
    }

    /**
     * Locates the VIPs, puts the resources in standby state, joins the cluster and starts electing. Returns once
     * connected; this node becomes active later if the election says so (at the latest after initdead).
     */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        List<Resource> located = new ArrayList<>();
        for (Resource r : config.haResources().resources()) {
            located.add(r instanceof VirtualIp vip ? actions.locate(vip) : r);
        }
        if (tableFiles.stream().noneMatch(Files::exists)) {
            LOG.info("No IPVS connection table ({}): the table replicated from this node stays empty",
                    tableFiles.get(0));
        }
        channel = new JChannel(JGroupsStack.build(transport, timings, ClusterKey.derive(config.authKey()),
                core::suspected, belowSeal, testProtocols));
        channel.name(nodeName);
        JGroupsChannel group = new JGroupsChannel(channel);
        core.start(new ResourceHolder(located, actions), group);
        group.deliverTo(core);
        LOG.info("Joining the director cluster as {} over {}", nodeName, describe(transport));
        channel.connect(JGroupsStack.CLUSTER);
        long keepalive = timings.keepalive().toMillis();
        decider.scheduleAtFixedRate(new TaskGuard("The heartbeat and election tick", clock).wrap(core::tick),
                keepalive, keepalive, TimeUnit.MILLISECONDS);
        if (core.pingConfigured()) {
            long every = Math.max(1000, keepalive);
            background.scheduleWithFixedDelay(new TaskGuard("Pinging the ping nodes", clock).wrap(core::pingRound),
                    every, every, TimeUnit.MILLISECONDS);
        }
        core.post(core::evaluate);
        background.scheduleWithFixedDelay(new TaskGuard("Replicating the connection table", clock)
                .wrap(core::pollTable), replicationInterval.toMillis(),
                replicationInterval.toMillis(), TimeUnit.MILLISECONDS);
        pauseDetector = new PauseDetector(clock, timings.deadtime(), Duration.ofMillis(100),
                gap -> core.post(() -> core.paused(gap)));
        pauseDetector.start();
    }

    private static String describe(Transport t) {
        return switch (t) {
            case Transport.Tcp tcp -> "TCP " + tcp.bindAddress().getHostAddress() + ":" + tcp.port() + " to "
                    + tcp.peers().size() + " peer address(es)";
            case Transport.Udp udp -> "UDP multicast " + udp.group().getHostAddress() + ":" + udp.port() + " from "
                    + udp.bindAddress().getHostAddress();
        };
    }

    /**
     * Tells every other director in the cluster of an operator action taken here ({@code drain VIRTUAL REAL},
     * {@code maintenance ...}, {@code ready ...}); they hand it to their {@link #onOperatorAction} listener.
     * Sealed and authenticated like every cluster message; at most 512 characters.
     */
    public void broadcastOperatorAction(String command) {
        if (command.length() > Wire.MAX_OPERATOR_COMMAND) {
            throw new IllegalArgumentException("operator command too long");
        }
        core.sendOperator(command);
    }

    /**
     * {@code listener} gets (node, command) for each operator action another director broadcast. Called on the
     * cluster's receiving thread: return quickly.
     */
    public void onOperatorAction(java.util.function.BiConsumer<String, String> listener) {
        core.onOperator(o -> {
            try {
                listener.accept(o.node(), o.command());
            } catch (RuntimeException e) {
                LOG.error("Operator action from {} failed: {}", o.node(), e.toString());
            }
        });
    }

    /** Gives up the active role to another eligible director (hb_standby). Fails if none can take it. */
    public void standby() {
        call(core::standby);
    }

    /** Makes this director the active one (hb_takeover). Fails if it may not be active (ping lost, unconfirmed). */
    public void takeover() {
        call(core::takeover);
    }

    public Role role() {
        return core.role();
    }

    public ClusterStatus status() {
        return call(core::status);
    }

    /**
     * The IPVS connection table: read from the kernel on the active node, the replicated copy (timers counted down)
     * on a standby. Print it with {@link org.ldirector.failover.conn.ConnectionListing#render}.
     */
    public List<IpvsConnection> connections() throws IOException {
        return core.role() == Role.ACTIVE ? tableSource.read() : core.replicated();
    }

    /**
     * Leaves the cluster: releases the resources if active (so a peer takes over at once), says goodbye to the
     * peers, stops the sync daemon. Idempotent; quick enough for a shutdown hook.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (pauseDetector != null) {
            pauseDetector.close();
        }
        if (started) {
            try {
                decider.submit(core::leave).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Failover shutdown: {}", e.getMessage());
            }
            if (channel != null) {
                channel.close();
            }
            core.shutdownResources();
        }
        decider.shutdownNow();
        background.shutdownNow();
    }

    /** Test support: the JGroups channel. */
    JChannel channel() {
        return channel;
    }

    /** Test support: dies like kill -9 would (no release, no goodbye). */
    void crash() {
        closed = true;
        if (pauseDetector != null) {
            pauseDetector.close();
        }
        decider.shutdownNow();
        background.shutdownNow();
        try {
            // The kernel closes every socket of a killed process at once: the crash detector's first.
            CrashDetector fd = channel.getProtocolStack().findProtocol(CrashDetector.class);
            if (fd != null) {
                fd.stop();
            }
            org.jgroups.util.Util.shutdown(channel, false); // connections reset, as the kernel does for kill -9
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        if (!started || closed) {
            throw new IllegalStateException("the cluster is not running");
        }
        Future<T> f = decider.submit(task);
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        }
    }

    private void call(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }
}
