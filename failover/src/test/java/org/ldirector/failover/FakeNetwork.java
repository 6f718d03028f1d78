package org.ldirector.failover;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * An honest stand-in for the link the directors share: which node holds which VIP (so {@code addressInUse} answers
 * as an ARP probe would), which nodes reach the ping node, and every action each node took.
 */
final class FakeNetwork {

    final Map<String, String> vipHolder = new ConcurrentHashMap<>();
    final Map<String, Boolean> pingable = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    /** Nodes whose {@code ip addr add} / {@code ip addr del} fails for now (as when the command exits non-zero). */
    final Set<String> addFails = ConcurrentHashMap.newKeySet();
    final Set<String> removeFails = ConcurrentHashMap.newKeySet();
    /** How many more probes ({@code addressInUse}) throw, as a bug in the prober would. */
    final java.util.concurrent.atomic.AtomicInteger probeBugs = new java.util.concurrent.atomic.AtomicInteger();

    ResourceActions actionsFor(String node) {
        return new ResourceActions() {
            @Override
            public VirtualIp locate(VirtualIp vip) {
                return vip.isComplete() ? vip : vip.located(24, "eth0");
            }

            @Override
            public void addAddress(VirtualIp vip) throws IOException {
                if (addFails.contains(node)) {
                    log.add(node + " add failed " + vip.describe());
                    throw new IOException("ip exited with 2: RTNETLINK answers: Operation not permitted");
                }
                vipHolder.put(vip.describe(), node);
                log.add(node + " add " + vip.describe());
            }

            @Override
            public void removeAddress(VirtualIp vip) throws IOException {
                if (removeFails.contains(node)) {
                    log.add(node + " del failed " + vip.describe());
                    throw new IOException("ip exited with 2: RTNETLINK answers: Device or resource busy");
                }
                vipHolder.remove(vip.describe(), node);
                log.add(node + " del " + vip.describe());
            }

            @Override
            public void announce(VirtualIp vip) {
                log.add(node + " garp " + vip.describe());
            }

            @Override
            public boolean addressInUse(VirtualIp vip) {
                if (probeBugs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    log.add(node + " probe threw");
                    throw new IllegalStateException("a bug in the prober");
                }
                String holder = vipHolder.get(vip.describe());
                return holder != null && !holder.equals(node);
            }

            @Override
            public void syncDaemon(SyncDaemon daemon, SyncDaemon.Role role) throws IOException {
                log.add(node + " sync " + role);
            }

            @Override
            public boolean reachable(String host, Duration timeout) {
                return pingable.getOrDefault(node, true);
            }
        };
    }

    /** The node that last added the VIP and has not removed it, or null. */
    String holderOf(String vip) {
        return vipHolder.get(vip);
    }
}
