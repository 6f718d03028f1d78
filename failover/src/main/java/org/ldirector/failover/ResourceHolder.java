package org.ldirector.failover;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.failover.heartbeat.LdirectordResource;
import org.ldirector.failover.heartbeat.Resource;
import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * Takes and releases the haresources resources, left to right and right to left as Heartbeat does, through
 * {@link ResourceActions}. A failing step is logged and the others still run: half the VIPs beat none.
 */
final class ResourceHolder {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final List<Resource> resources;
    private final ResourceActions actions;
    private final List<String> held = new ArrayList<>();
    /** VIPs whose removal failed while releasing: they may still be on the interface, so it is tried again. */
    private final Set<String> stuck = new LinkedHashSet<>();
    /** The last error of a step that is being retried, by VIP: the same error is logged once. */
    private final Map<String, String> failing = new HashMap<>();
    private boolean acquired;
    private SyncDaemon.Role syncRole = SyncDaemon.Role.STOPPED;

    /** @param resources the resources with every virtual IP located (prefix and device known) */
    ResourceHolder(List<Resource> resources, ResourceActions actions) {
        this.resources = List.copyOf(resources);
        this.actions = actions;
    }

    List<VirtualIp> virtualIps() {
        return resources.stream().filter(VirtualIp.class::isInstance).map(VirtualIp.class::cast).toList();
    }

    /** At start: no VIP left over from an earlier run, sync daemons as on a standby. */
    void prepare() {
        for (Resource r : resources) {
            switch (r) {
                case VirtualIp vip -> step("removing a left-over " + vip.describe(), () -> actions.removeAddress(vip));
                case SyncDaemon d -> sync(d, SyncDaemon.Role.BACKUP);
                case LdirectordResource l -> {
                }
            }
        }
    }

    void acquire() {
        acquired = true;
        for (Resource r : resources) {
            switch (r) {
                case VirtualIp vip -> {
                    LOG.info("Taking over resource {}: adding {}", vip.spec(), vip.describe());
                    stuck.remove(vip.describe());
                    failing.remove(vip.describe());
                    add(vip);
                }
                case SyncDaemon d -> {
                    LOG.info("Taking over resource {}", d.spec());
                    sync(d, SyncDaemon.Role.MASTER);
                }
                case LdirectordResource l -> LOG.info("Taking over resource {}: IPVS serves as active", l.spec());
            }
        }
    }

    void release() {
        acquired = false;
        for (Resource r : resources.reversed()) {
            switch (r) {
                case VirtualIp vip -> {
                    LOG.info("Releasing resource {}: removing {}", vip.spec(), vip.describe());
                    failing.remove(vip.describe());
                    held.remove(vip.describe());
                    remove(vip);
                }
                case SyncDaemon d -> {
                    LOG.info("Releasing resource {}", d.spec());
                    sync(d, SyncDaemon.Role.BACKUP);
                }
                case LdirectordResource l -> LOG.info("Releasing resource {}: IPVS stands by", l.spec());
            }
        }
    }

    /**
     * Tries again what failed: while active, adding (and announcing) a VIP whose {@code ip addr add} failed; while
     * standby, removing one whose {@code ip addr del} failed. A VIP counts as held only once its add succeeded.
     * Called at every heartbeat tick.
     */
    void retry() {
        for (Resource r : resources) {
            if (!(r instanceof VirtualIp vip)) {
                continue;
            }
            if (acquired && !held.contains(vip.describe())) {
                add(vip);
            } else if (!acquired && stuck.contains(vip.describe())) {
                remove(vip);
            }
        }
    }

    private void add(VirtualIp vip) {
        if (retried(vip, "adding " + vip.describe(), () -> actions.addAddress(vip))) {
            held.add(vip.describe());
            if (step("announcing " + vip.describe(), () -> actions.announce(vip))) {
                LOG.info(vip.isIpv6()
                        ? "Unsolicited neighbour advertisement for {} follows duplicate address detection"
                        : "Sent gratuitous ARP for {}", vip.describe());
            }
        }
    }

    private void remove(VirtualIp vip) {
        if (retried(vip, "removing " + vip.describe(), () -> actions.removeAddress(vip))) {
            stuck.remove(vip.describe());
        } else {
            stuck.add(vip.describe());
        }
    }

    /** A step that is tried again at the next tick when it fails; a repeated error is logged once. */
    private boolean retried(VirtualIp vip, String what, Step step) {
        String key = vip.describe();
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            String error = String.valueOf(e.getMessage());
            if (!error.equals(failing.put(key, error))) {
                LOG.error("Failed {}: {}; trying again every heartbeat", what, error);
            }
            return false;
        }
        if (failing.remove(key) != null) {
            LOG.info("Retried {}: done", what);
        }
        return true;
    }

    /**
     * Announces the held virtual IPs again (gratuitous ARP; for IPv6 an unsolicited neighbour advertisement):
     * after a partition healed, the clients may have been sent to a director that has released since.
     */
    void announce() {
        for (Resource r : resources) {
            if (r instanceof VirtualIp vip && held.contains(vip.describe())
                    && step("announcing " + vip.describe(), () -> actions.announce(vip))) {
                LOG.info(vip.isIpv6() ? "Sent unsolicited neighbour advertisement for {}" : "Sent gratuitous ARP for {}",
                        vip.describe());
            }
        }
    }

    /** At shutdown: no sync daemon left running. */
    void shutdown() {
        for (Resource r : resources) {
            if (r instanceof SyncDaemon d) {
                sync(d, SyncDaemon.Role.STOPPED);
            }
        }
    }

    List<String> held() {
        return List.copyOf(held);
    }

    SyncDaemon.Role syncRole() {
        return syncRole;
    }

    private void sync(SyncDaemon d, SyncDaemon.Role role) {
        if (step("switching the sync daemon on " + d.interfaceName() + " to " + role,
                () -> actions.syncDaemon(d, role))) {
            syncRole = role;
            LOG.info("Sync daemon on {}: {}", d.interfaceName(), role.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static boolean step(String what, Step step) {
        try {
            step.run();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("Failed {}: {}", what, e.getMessage());
            return false;
        }
    }
}
