package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.SyncDaemonRole;
import org.ldirector.failover.ClusterStatus;
import org.ldirector.failover.RoleListener;
import org.ldirector.failover.CommandResourceActions;
import org.ldirector.failover.DirectorCluster;
import org.ldirector.failover.ResourceActions;
import org.ldirector.failover.SyncDaemonSwitch;
import org.ldirector.failover.conn.ConnectionListing;
import org.ldirector.failover.conn.ConnectionTableReader;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.HeartbeatFileException;
import org.ldirector.failover.heartbeat.HeartbeatFiles;

/**
 * Cluster mode ({@code failover = /etc/ha.d/ha.cf}): the daemon's side of the {@code failover}
 * module. Both directors keep checking and keep their IPVS tables ready (a warm standby, as
 * keepalived does); the cluster moves only the virtual IPs, the gratuitous ARP and the kernel's
 * sync daemon, and replicates the connection table.
 */
final class FailoverLink implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    /**
     * The IPVS connection table files to read instead of {@code /proc/net/ip_vs_conn(_v6)}, separated by
     * {@code :} (tests: a stand-in table, since the stand-in ipvsadm has no kernel behind it).
     */
    static final String CONNECTION_TABLE_PROPERTY = "ldirector.connectionTable";

    private final DirectorCluster cluster;

    private FailoverLink(DirectorCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Reads Heartbeat's files and joins the cluster; returns once this node knows its role (bounded by initdead).
     * The sync daemon is switched by {@code ipvs}, the director's own IPVS backend: with netlink no ipvsadm runs,
     * with {@code --dry-run} the switch is logged only.
     */
    static FailoverLink start(Invocation inv, Path haCf, IpvsBackend ipvs, RoleListener roles) throws HeartbeatFileException, Exception {
        FailoverConfig fc = HeartbeatFiles.read(haCf);
        fc.warnings().forEach(w -> LOG.info("Warning: {}", w));
        ResourceActions actions = new CommandResourceActions(List.of(), syncDaemonSwitch(ipvs));
        // The cluster logs each transition itself ("This director is now ACTIVE"); both directors keep their
        // IPVS tables ready, so the engine has nothing to switch.
        DirectorCluster.Builder b = DirectorCluster.builder(fc).resourceActions(actions)
                .listener(role -> {
                    LOG.debug("Cluster role: {}", role);
                    roles.roleChanged(role);
                })
                .connectionTable(connectionTableFiles());
        inv.node().ifPresent(b::nodeName);
        DirectorCluster cluster = b.build();
        cluster.start();
        return new FailoverLink(cluster);
    }

    String status() {
        return cluster.status().render();
    }

    /** Tells the other directors of an operator action taken here. */
    void broadcastOperatorAction(String command) {
        cluster.broadcastOperatorAction(command);
    }

    /** {@code listener} gets (node, command) of the operator actions other directors take. */
    void onOperatorAction(java.util.function.BiConsumer<String, String> listener) {
        cluster.onOperatorAction(listener);
    }

    ClusterStatus clusterStatus() {
        return cluster.status();
    }

    String standby() {
        cluster.standby();
        return "standby requested\n";
    }

    String takeover() {
        cluster.takeover();
        return "takeover requested\n";
    }

    String connections() throws IOException {
        return ConnectionListing.render(cluster.connections());
    }

    /** {@code ldirectord connections} without a running cluster: this machine's own table. */
    static String localConnections() throws IOException {
        return ConnectionListing.render(ConnectionTableReader.read(connectionTableFiles()));
    }

    /** {@code /proc/net/ip_vs_conn} and {@code _v6}, or the files of {@value #CONNECTION_TABLE_PROPERTY}. */
    static Path[] connectionTableFiles() {
        String files = System.getProperty(CONNECTION_TABLE_PROPERTY, "");
        if (files.isBlank()) {
            return new Path[] {ConnectionTableReader.PROC_IP_VS_CONN, ConnectionTableReader.PROC_IP_VS_CONN_V6};
        }
        return java.util.Arrays.stream(files.split(":")).filter(f -> !f.isBlank()).map(Path::of).toArray(Path[]::new);
    }

    /** Leaves the cluster gracefully: the peer takes over within milliseconds and this node releases its VIPs. */
    @Override
    public void close() {
        cluster.close();
    }

    /** The cluster's sync daemon switch through {@code ipvs}. */
    static SyncDaemonSwitch syncDaemonSwitch(IpvsBackend ipvs) {
        return (daemon, role) -> {
            SyncDaemonRole r = switch (role) {
                case MASTER -> SyncDaemonRole.MASTER;
                case BACKUP -> SyncDaemonRole.BACKUP;
                case STOPPED -> SyncDaemonRole.STOPPED;
            };
            try {
                ipvs.syncDaemon(r, daemon.interfaceName(), daemon.syncId());
            } catch (IpvsException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
