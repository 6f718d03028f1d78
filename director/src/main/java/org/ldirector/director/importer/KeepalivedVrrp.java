package org.ldirector.director.importer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's vrrp_instance blocks as a Heartbeat pair: their VIPs become haresources IPaddr2 resources of one
 * preferred node (ldirector has one active director, so all instances move together), unicast peers ucast lines,
 * advert_int the keepalive, and lvs_sync_daemon the LVSSyncDaemonSwap resource.
 */
final class KeepalivedVrrp {

    private static final Set<String> USED = Set.of("interface", "state", "priority", "advert_int", "nopreempt",
            "virtual_ipaddress", "virtual_ipaddress_excluded", "unicast_peer", "unicast_src_ip", "virtual_router_id",
            "lvs_sync_daemon_interface", "authentication");
    /** Why a VRRP tracking construct has no form here. */
    static final String NO_TRACKING = "ldirector decides the active director by membership and ha.cf ping nodes only";
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("track_script", NO_TRACKING),
            Map.entry("track_interface", "add ha.cf ping nodes to move the VIPs when a link is lost"),
            Map.entry("track_file", NO_TRACKING),
            Map.entry("track_process", NO_TRACKING),
            Map.entry("notify", "ldirector runs no command on a role change"),
            Map.entry("notify_master", "ldirector runs no command on a role change"),
            Map.entry("notify_backup", "ldirector runs no command on a role change"),
            Map.entry("notify_fault", "ldirector runs no command on a role change"),
            Map.entry("notify_stop", "ldirector runs no command on a role change"),
            Map.entry("virtual_routes", "configure routes in the system's network setup"),
            Map.entry("virtual_rules", "configure rules in the system's network setup"),
            Map.entry("use_vmac", "the VIPs move with gratuitous ARP, not a virtual MAC"),
            Map.entry("preempt_delay", "the preferred node takes over as soon as it is elected"));

    private final Report report;
    private final List<String> nodeNames;

    KeepalivedVrrp(Report report, List<String> nodeNames) {
        this.report = report;
        this.nodeNames = nodeNames;
    }

    Optional<HeartbeatPlan> plan(List<Node> instances, Optional<Node> syncDaemon) {
        Set<String> vips = new LinkedHashSet<>();
        Set<String> media = new LinkedHashSet<>();
        Set<String> states = new LinkedHashSet<>();
        boolean preempt = true;
        BigDecimal advert = null;
        Optional<String> oldSyncInterface = Optional.empty();
        for (Node vi : instances) {
            String iface = vi.child("interface").map(Node::value).orElse("eth0");
            for (Node c : vi.children()) {
                if (!USED.contains(c.name())) {
                    report.leftOut(c, WHY.getOrDefault(c.name(), "no form in ha.cf or haresources"));
                }
            }
            vi.child("authentication").ifPresent(a -> report.note(a.origin(), a.name(), "replaced: authkeys has a new"
                    + " random secret (copy it to both directors); VRRP's password is not used"));
            Optional<Node> state = vi.child("state");
            // keepalived elects by priority; this file alone shows only this director's (default 100).
            int priority = vi.child("priority").map(KeepalivedChecks::seconds).orElse(100);
            states.add(state.map(n -> n.value().toUpperCase(java.util.Locale.ROOT))
                    .orElse(priority > 100 ? "MASTER" : "BACKUP"));
            if (state.isEmpty()) {
                report.note(vi.origin(), vi.text(), "approximated: no state: this director is taken as the "
                        + (priority > 100 ? "preferred node (priority " + priority + " above keepalived's default 100)"
                        : "peer's standby (priority " + priority + ")") + "; check haresources' node");
            }
            preempt &= vi.child("nopreempt").isEmpty();
            BigDecimal a = vi.child("advert_int").map(n -> new BigDecimal(n.value())).orElse(BigDecimal.ONE);
            advert = advert == null || a.compareTo(advert) > 0 ? a : advert;
            for (String block : List.of("virtual_ipaddress", "virtual_ipaddress_excluded")) {
                for (Node ip : vi.child(block).map(Node::children).orElse(List.of())) {
                    vip(ip, iface).ifPresent(vips::add);
                }
            }
            vi.child("unicast_src_ip").ifPresent(s -> media.add("ucast " + iface + " " + s.value()));
            if (vi.child("unicast_peer").isPresent() && vi.child("unicast_src_ip").isEmpty()) {
                report.note(vi.origin(), vi.text(), "no unicast_src_ip: add a line 'ucast " + iface
                        + " <this director's address>' to ha.cf, so that the peer, with the same file, finds it");
            }
            vi.child("unicast_peer").ifPresent(p -> p.children().forEach(peer -> media.add("ucast " + iface + " "
                    + peer.name())));
            if (media.isEmpty()) {
                media.add("bcast " + iface);
            }
            if (oldSyncInterface.isEmpty()) {
                oldSyncInterface = vi.child("lvs_sync_daemon_interface").map(Node::value);
            }
        }
        if (vips.isEmpty()) {
            syncDaemon.ifPresent(s -> report.leftOut(s, "there are no VRRP addresses, so no director pair"));
            return Optional.empty();
        }
        Node first = instances.get(0);
        if (media.stream().anyMatch(m -> m.startsWith("bcast"))) {
            media.removeIf(m -> m.startsWith("ucast"));
            report.note(first.origin(), first.text(), "approximated: no unicast_peer: ha.cf uses bcast (UDP multicast"
                    + " on the interface); ucast lines with both directors' addresses are recommended");
        }
        if (states.size() > 1) {
            report.note(first.origin(), first.text(), "approximated: the instances have different states " + states
                    + "; ldirector has one active director, so all VIPs move together");
        }
        List<String> nodes = nodeNames.size() == 2 ? nodeNames : List.of("director1", "director2");
        if (nodeNames.size() != 2) {
            report.note(first.origin(), first.text(), "placeholder node names: director1 is the director of this"
                    + " keepalived.conf, director2 its peer; replace them in ha.cf and haresources by what uname -n"
                    + " prints on each, or import again with --node-names THIS,PEER");
        }
        String preferred = states.contains("MASTER") ? nodes.get(0) : nodes.get(1);
        List<String> resources = new ArrayList<>();
        Optional<String> oldSync = oldSyncInterface.map(i -> "LVSSyncDaemonSwap::master::" + i);
        Optional<String> sync = syncDaemon.map(sd -> syncResource(sd, instances)).or(() -> oldSync);
        sync.ifPresent(resources::add);
        resources.addAll(vips);
        resources.add("ldirectord::ldirectord.cf");
        BigDecimal dead = advert.multiply(BigDecimal.valueOf(3)).add(BigDecimal.ONE);
        return Optional.of(new HeartbeatPlan(nodes, preferred, List.copyOf(media), Optional.empty(),
                Optional.of(advert.stripTrailingZeros().toPlainString()),
                Optional.of(dead.stripTrailingZeros().toPlainString()), preempt, resources));
    }

    /** {@code IP[/prefix] [dev X] [label L] …}; keepalived's default prefix is a host route. */
    private Optional<String> vip(Node ip, String iface) {
        String[] parts = ip.name().split("/", 2);
        if (AddressText.literal(parts[0]).isEmpty()) {
            report.leftOut(ip, "not an IP address");
            return Optional.empty();
        }
        String dev = iface;
        for (int i = 0; i + 1 < ip.args().size(); i += 2) {
            String key = ip.args().get(i);
            if (key.equals("dev")) {
                dev = ip.args().get(i + 1);
            } else if (!key.equals("label") && !key.equals("brd") && !key.equals("broadcast")) {
                report.leftOut(ip, "address option " + key + " has no haresources form");
            }
        }
        int prefix = AddressText.isV6(parts[0]) ? 128 : 32;
        if (parts.length > 1) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                report.leftOut(ip, "not a prefix length: " + parts[1]);
                return Optional.empty();
            }
        }
        return Optional.of(AddressText.ipAddr2(parts[0], Optional.of(prefix), Optional.of(dev)));
    }

    /** {@code lvs_sync_daemon IFACE [[inst] NAME] [id N] …}: syncid N, or the named instance's VRID. */
    private String syncResource(Node s, List<Node> instances) {
        List<String> a = s.args();
        String iface = a.isEmpty() ? "eth0" : a.get(0);
        String id = null;
        String instance = null;
        for (int i = 1; i < a.size(); i++) {
            if (a.get(i).equals("id") && i + 1 < a.size()) {
                id = a.get(++i);
            } else if (Set.of("maxlen", "port", "ttl", "group").contains(a.get(i)) && i + 1 < a.size()) {
                report.leftOut(s, a.get(i) + " of the sync daemon has no LVSSyncDaemonSwap form");
                i++;
            } else if (a.get(i).equals("inst") && i + 1 < a.size()) {
                instance = a.get(++i);
            } else {
                instance = a.get(i);
            }
        }
        if (id == null && instance != null) {
            String name = instance;
            id = instances.stream().filter(vi -> vi.value().equals(name)).findFirst()
                    .flatMap(vi -> vi.child("virtual_router_id")).map(Node::value).orElse(null);
        }
        if (instance == null) {
            report.approximated(s, "without an instance keepalived runs the master and backup sync daemons on both"
                    + " directors; here the active director runs the master, the standby the backup");
        }
        return "LVSSyncDaemonSwap::master::" + iface + (id != null ? "::" + id : "");
    }
}
