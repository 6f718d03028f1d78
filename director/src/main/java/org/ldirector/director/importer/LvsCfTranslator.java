package org.ldirector.director.importer;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Piranha's lvs.cf (read by {@link LvsCfReader}) as ldirectord.cf and, for a primary/backup pair, Heartbeat files. */
final class LvsCfTranslator {

    /** Global keys that mean nothing for ldirector, and why. */
    private static final Map<String, String> GLOBAL_NOT_CARRIED = Map.ofEntries(
            Map.entry("debug_level", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("rsh_command", "ldirector copies no files between the directors: copy ldirectord.cf and the"
                    + " Heartbeat files to both yourself"),
            Map.entry("monitor_links", "link monitoring has no form here; ha.cf ping nodes cover a lost uplink"),
            Map.entry("active_cmd", "ldirector runs no command when a director becomes active"),
            Map.entry("inactive_cmd", "ldirector runs no command when a director becomes standby"),
            Map.entry("hard_shutdown", "it has no meaning for ldirector"),
            Map.entry("reservation_conflict_action", "it has no meaning for ldirector"),
            Map.entry("tcp_timeout", "set the IPVS timeouts with ipvsadm --set"),
            Map.entry("tcpfin_timeout", "set the IPVS timeouts with ipvsadm --set"),
            Map.entry("udp_timeout", "set the IPVS timeouts with ipvsadm --set"),
            Map.entry("ipvsadm", "give the ipvsadm binary with --ipvsadm PATH"),
            Map.entry("primary_private", "ldirector heartbeats over one transport: the primary/backup addresses"),
            Map.entry("backup_private", "ldirector heartbeats over one transport: the primary/backup addresses"),
            Map.entry("primary_shared", "it has no meaning for ldirector"),
            Map.entry("backup_shared", "it has no meaning for ldirector"));
    private static final Set<String> GLOBAL_USED = Set.of("service", "primary", "backup", "backup_active", "heartbeat",
            "heartbeat_port", "keepalive", "deadtime", "network", "nat_router", "nat_nmask", "syncdaemon", "syncd_iface",
            "syncd_id", "serial_no");
    private static final Set<String> VIRTUAL_USED = Set.of("active", "address", "vip_nmask", "port", "fwmark",
            "persistent", "pmask", "protocol", "scheduler", "timeout", "reentry", "quiesce_server", "load_monitor",
            "send", "expect", "use_regex", "send_program", "sorry_server", "server");
    /** nanny's default check interval (s), which ldirectord's default checkinterval happens to equal. */
    private static final int NANNY_INTERVAL = 10;

    private final Report report;
    private final Path outDir;
    private final List<String> nodeNames;
    private final Set<String> vipResources = new LinkedHashSet<>();
    private String forwarding = "gate";
    private String heartbeatDevice;

    LvsCfTranslator(Report report, Path outDir, List<String> nodeNames) {
        this.report = report;
        this.outDir = outDir;
        this.nodeNames = nodeNames;
    }

    Translation translate(Node root) {
        CfFile cf = new CfFile("Written by ldirectord import from " + root.origin().file() + " (Piranha lvs.cf)");
        for (Node g : root.children()) {
            if (g.block() && !g.name().equals("virtual")) {
                report.leftOut(g, g.name().equals("failover")
                        ? "Piranha failover services (fos) have no form in ldirector: it balances with LVS only"
                        : "unknown block");
            } else if (!g.block() && !GLOBAL_USED.contains(g.name()) && !unset(g)) {
                report.leftOut(g, GLOBAL_NOT_CARRIED.getOrDefault(g.name(), "unknown lvs.cf directive"));
            }
        }
        root.child("service").filter(s -> s.value().equals("fos"))
                .ifPresent(s -> report.leftOut(s, "service = fos: the failover services are not carried over, and the"
                        + " virtual servers below are written although pulse would not run them"));
        root.child("network").ifPresent(n -> forwarding = switch (n.value()) {
            case "direct" -> "gate";
            case "nat" -> "masq";
            case "tunnel" -> "ipip";
            default -> {
                report.leftOut(n, "network must be direct, nat or tunnel: direct routing (gate) is written");
                yield "gate";
            }
        });
        for (Node v : root.all("virtual")) {
            cf.add(virtual(v));
        }
        Optional<HeartbeatPlan> pair = pair(root);
        pair.ifPresent(p -> cf.global("failover", outDir.resolve("ha.cf")));
        return new Translation(cf, pair, List.of());
    }

    private CfVirtual virtual(Node v) {
        for (Node c : v.children()) {
            if (!VIRTUAL_USED.contains(c.name())) {
                report.leftOut(c, c.block() ? "unknown block" : "unknown directive in a virtual");
            }
        }
        String[] address = v.child("address").map(a -> a.value().trim().split("\\s+")).orElse(new String[] {""});
        String vip = address[0];
        int port = v.child("port").map(p -> port(p, 80)).orElse(80);
        String protocol = v.child("protocol").map(Node::value).orElse("tcp");
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            report.leftOut(v.child("protocol").get(), "protocol must be tcp or udp: tcp is written");
            protocol = "tcp";
        }
        Optional<Node> fwmark = v.child("fwmark").filter(f -> number(f, 0) > 0);
        String line = fwmark.map(f -> "virtual=" + number(f, 0))
                .orElse((AddressText.isV6(vip) ? "virtual6=" : "virtual=") + AddressText.endpoint(vip, port));
        CfVirtual out = new CfVirtual("from " + v.origin() + ": virtual " + v.value(), line);
        boolean active = v.child("active").map(a -> !a.value().equals("0")).orElse(true);
        if (AddressText.literal(vip).isEmpty()) {
            report.leftOut(v, "no IP address (address = " + vip + "): the section is written commented out");
            out.disable("no usable address in the source");
        } else if (!active) {
            report.note(v.origin(), v.text(), "left out: active = 0 in the source; written commented out");
            out.disable("active = 0 in the source");
        } else {
            Optional<Integer> prefix = v.child("vip_nmask").flatMap(m -> AddressText.prefix(m.value()));
            Optional<String> dev = address.length > 1 ? Optional.of(AddressText.baseDevice(address[1])) : Optional.empty();
            vipResources.add(AddressText.ipAddr2(vip, prefix, dev));
            if (heartbeatDevice == null && dev.isPresent()) {
                heartbeatDevice = dev.get();
            }
        }
        out.set("protocol", fwmark.isPresent() ? "fwm" : protocol);
        String scheduler = v.child("scheduler").map(Node::value).orElse("wlc");
        if (!scheduler.matches("[a-z]+")) {
            report.leftOut(v.child("scheduler").get(), "not a scheduler name: wlc is written");
            scheduler = "wlc";
        }
        out.set("scheduler", scheduler);
        if (fwmark.isPresent()) {
            out.set("checkport", port);
        }
        v.child("persistent").filter(p -> number(p, 0) > 0).ifPresent(p -> {
            out.set("persistent", number(p, 0));
            v.child("pmask").ifPresent(m -> {
                if (AddressText.prefix(m.value()).isPresent()) {
                    out.set("netmask", m.value());
                } else {
                    report.leftOut(m, "not a dotted netmask");
                }
            });
        });
        v.child("timeout").filter(t -> number(t, 0) > 0).ifPresent(t -> {
            out.set("checktimeout", number(t, 0));
            out.set("negotiatetimeout", number(t, 0));
        });
        v.child("reentry").filter(r -> number(r, 0) > 0).ifPresent(r -> {
            int rise = Math.max(1, (number(r, 0) + NANNY_INTERVAL - 1) / NANNY_INTERVAL);
            out.set("rise", rise);
            report.approximated(r, "ldirectord has no re-entry time; rise=" + rise + " successful checks in a row at"
                    + " checkinterval " + NANNY_INTERVAL + " s bring a real back after about the same time");
        });
        out.set("quiescent", v.child("quiesce_server").map(q -> q.value().equals("1")).orElse(false) ? "yes" : "no");
        v.child("load_monitor").filter(l -> !l.value().equals("none"))
                .ifPresent(l -> report.leftOut(l, "ldirectord's weights are static: no weight follows the real's load"));
        v.child("sorry_server").filter(s -> !s.value().isBlank())
                .ifPresent(s -> out.set("fallback", AddressText.endpoint(s.value().trim(), port) + " " + forwarding));
        new PiranhaCheck(report).apply(v, out, port, protocol);
        for (Node s : v.all("server")) {
            server(s, out, fwmark.isPresent(), port);
        }
        return out;
    }

    private void server(Node s, CfVirtual out, boolean fwmark, int virtualPort) {
        for (Node c : s.children()) {
            if (!Set.of("address", "active", "weight", "port").contains(c.name())) {
                report.leftOut(c, "unknown directive in a server");
            }
        }
        String ip = s.child("address").map(a -> a.value().trim()).orElse("");
        if (AddressText.literal(ip).isEmpty()) {
            report.leftOut(s, "no IP address in the server");
            return;
        }
        Optional<Node> portNode = s.child("port");
        String endpoint = fwmark && portNode.isEmpty() ? (AddressText.isV6(ip) ? "[" + ip + "]" : ip)
                : AddressText.endpoint(ip, portNode.map(p -> port(p, virtualPort)).orElse(virtualPort));
        int weight = s.child("weight").map(w -> number(w, 1)).orElse(1);
        if (weight < 0) {
            report.leftOut(s.child("weight").get(), "a weight is not negative: 1 is written");
            weight = 1;
        }
        String line = (AddressText.isV6(ip) ? "real6=" : "real=") + endpoint + " " + forwarding + " " + weight;
        if (s.child("active").map(a -> a.value().equals("0")).orElse(false)) {
            out.commentedReal(line, "active = 0 in the source");
            report.note(s.origin(), s.text(), "left out: active = 0 in the source; written commented out");
        } else {
            out.real(line);
        }
    }

    private Optional<HeartbeatPlan> pair(Node root) {
        Optional<Node> primary = root.child("primary");
        Optional<Node> backup = root.child("backup");
        boolean backupActive = root.child("backup_active").map(b -> b.value().equals("1")).orElse(false);
        Optional<Node> sync = root.child("syncdaemon").filter(s -> s.value().equals("1"));
        if (primary.isEmpty() || backup.isEmpty() || !backupActive) {
            sync.ifPresent(s -> report.leftOut(s, "there is no active backup director to synchronise with"));
            root.child("nat_router").ifPresent(n -> report.leftOut(n, "without a backup director nothing moves the NAT"
                    + " router address: configure it on the interface yourself"));
            return Optional.empty();
        }
        root.child("heartbeat").filter(h -> h.value().equals("0")).ifPresent(h -> report.approximated(h,
                "the directors always heartbeat in ldirector's cluster mode"));
        List<String> nodes = nodeNames.size() == 2 ? nodeNames : List.of("director1", "director2");
        if (nodeNames.size() != 2) {
            report.note(primary.get().origin(), "primary/backup", "placeholder node names: replace director1 (primary "
                    + primary.get().value() + ") and director2 (backup " + backup.get().value() + ") in ha.cf and"
                    + " haresources by what uname -n prints on each, or import again with --node-names NAME1,NAME2");
        }
        String dev = heartbeatDevice != null ? heartbeatDevice : "eth0";
        report.note(primary.get().origin(), "primary/backup", "lvs.cf does not name the heartbeat interface: ha.cf's"
                + " ucast lines use " + dev + " (check it on both directors)");
        List<String> media = List.of("ucast " + dev + " " + primary.get().value(), "ucast " + dev + " " + backup.get().value());
        List<String> resources = new ArrayList<>();
        sync.ifPresent(s -> resources.add("LVSSyncDaemonSwap::master::"
                + root.child("syncd_iface").map(Node::value).orElse("eth0")
                + root.child("syncd_id").map(i -> "::" + i.value()).orElse("")));
        resources.addAll(vipResources);
        root.child("nat_router").ifPresent(n -> {
            String[] parts = n.value().trim().split("\\s+");
            Optional<String> dev2 = parts.length > 1 ? Optional.of(AddressText.baseDevice(parts[1])) : Optional.empty();
            Optional<Integer> prefix = root.child("nat_nmask").flatMap(m -> AddressText.prefix(m.value()));
            resources.add(AddressText.ipAddr2(parts[0], prefix, dev2));
        });
        resources.add("ldirectord::ldirectord.cf");
        // pulse: a primary that comes back stays backup (unless started with --forceactive).
        for (String t : List.of("keepalive", "deadtime")) {
            root.child(t).filter(n -> !isTime(n.value()))
                    .ifPresent(n -> report.leftOut(n, "not a time in seconds: Heartbeat's default is used"));
        }
        Optional<String> keepalive = root.child("keepalive").map(Node::value).filter(LvsCfTranslator::isTime);
        Optional<String> deadtime = root.child("deadtime").map(Node::value).filter(LvsCfTranslator::isTime);
        BigDecimal k = new BigDecimal(keepalive.orElse("1"));
        if (deadtime.isPresent() && new BigDecimal(deadtime.get()).compareTo(k.multiply(BigDecimal.TWO)) <= 0) {
            String fixed = k.multiply(BigDecimal.TWO).add(BigDecimal.ONE).stripTrailingZeros().toPlainString();
            report.approximated(root.child("deadtime").get(), "Heartbeat wants deadtime above twice keepalive: "
                    + fixed + " is written");
            deadtime = Optional.of(fixed);
        }
        return Optional.of(new HeartbeatPlan(nodes, nodes.get(0), media,
                root.child("heartbeat_port").map(p -> port(p, 694)), keepalive, deadtime, false, resources));
    }

    private static boolean isTime(String v) {
        return v.matches("\\d{1,6}(\\.\\d{1,3})?") && new BigDecimal(v).signum() > 0;
    }

    /** {@code monitor_links = 0}, {@code debug_level = NONE}: switched off, so nothing is lost. */
    private static boolean unset(Node g) {
        return g.value().equals("0") || g.value().equalsIgnoreCase("none") || g.value().isEmpty();
    }

    private int port(Node n, int otherwise) {
        int port = number(n, otherwise);
        if (port < 1 || port > 65535) {
            report.leftOut(n, "not a port number: " + otherwise + " is written");
            return otherwise;
        }
        return port;
    }

    private int number(Node n, int otherwise) {
        try {
            return Integer.parseInt(n.value().trim());
        } catch (NumberFormatException e) {
            report.leftOut(n, "not a number: " + otherwise + " is written");
            return otherwise;
        }
    }
}
