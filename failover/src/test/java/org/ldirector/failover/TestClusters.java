package org.ldirector.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

import org.ldirector.failover.heartbeat.AuthKey;
import org.ldirector.failover.heartbeat.FailoverConfig;
import org.ldirector.failover.heartbeat.HaCf;
import org.ldirector.failover.heartbeat.HaResources;
import org.ldirector.failover.heartbeat.Medium;
import org.ldirector.failover.heartbeat.Resource;
import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.Timings;
import org.ldirector.failover.heartbeat.VirtualIp;

/** Builds in-JVM clusters on loopback TCP with free ports and fast ha.cf timings. */
final class TestClusters {

    static final String VIP = "10.99.0.100/24 on eth0";
    static final Timings FAST = new Timings(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofMillis(500),
            Duration.ofMillis(1500), Duration.ofMillis(1000));

    private TestClusters() {
    }

    static List<InetSocketAddress> freePorts(int n) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return out;
    }

    static FailoverConfig config(List<String> nodes, String preferred, boolean autoFailback, List<String> ping,
            String secret, Timings timings) throws Exception {
        HaCf cf = new HaCf(Path.of("ha.cf"), nodes, List.of(new Medium.Ucast("lo", "127.0.0.1", 1)), 694, timings,
                autoFailback, ping, List.of());
        List<Resource> resources = List.of(
                new VirtualIp(InetAddress.getByName("10.99.0.100"), OptionalInt.of(24), Optional.of("eth0"),
                        Optional.empty(), "IPaddr2::10.99.0.100/24/eth0"),
                new SyncDaemon("eth0", OptionalInt.of(7), "LVSSyncDaemonSwap::master::eth0::7"));
        return FailoverConfig.of(cf, new HaResources(Path.of("haresources"), preferred, resources),
                new AuthKey(1, "sha1", secret));
    }

    /** A builder for {@code node} at {@code ports.get(index)} that discovers all {@code ports}. */
    static DirectorCluster.Builder node(FailoverConfig cfg, String node, List<InetSocketAddress> ports, int index,
            FakeNetwork net) {
        return DirectorCluster.builder(cfg).nodeName(node)
                .transport(new Transport.Tcp(InetAddress.getLoopbackAddress(), ports.get(index).getPort(), ports))
                .resourceActions(net.actionsFor(node)).connectionTable(Path.of("/nonexistent/ip_vs_conn"));
    }

    /** A clock that can jump forward, as a frozen JVM sees it on resume. */
    static final class JumpingClock implements LongSupplier {
        private volatile long offset;

        void jump(Duration d) {
            offset += d.toNanos();
        }

        @Override
        public long getAsLong() {
            return System.nanoTime() + offset;
        }
    }
}
