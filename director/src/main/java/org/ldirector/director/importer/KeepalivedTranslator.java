package org.ldirector.director.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** keepalived.conf (read by {@link KeepalivedReader}) as ldirectord.cf, and Heartbeat files for its VRRP VIPs. */
final class KeepalivedTranslator {

    private static final Map<String, String> TOP_WHY = Map.ofEntries(
            Map.entry("vrrp_script", KeepalivedVrrp.NO_TRACKING),
            Map.entry("static_ipaddress", "configure static addresses in the system's network setup"),
            Map.entry("static_routes", "configure static routes in the system's network setup"),
            Map.entry("static_rules", "configure static rules in the system's network setup"),
            Map.entry("net_namespace", "run the director in the namespace instead (ip netns exec)"),
            Map.entry("SSL", "the https check does not verify certificates and sends none"),
            Map.entry("vrrp_track_process", KeepalivedVrrp.NO_TRACKING),
            Map.entry("vrrp_track_file", KeepalivedVrrp.NO_TRACKING),
            Map.entry("garp_group", "the VIPs are announced with gratuitous ARP on takeover only"),
            Map.entry("linkbeat_interfaces", "no form in ldirector"));
    private static final Set<String> GLOBAL_SILENT = Set.of("router_id");

    private final Report report;
    private final Path outDir;
    private final List<String> nodeNames;
    private final Map<String, ScriptFile> miscScripts = new LinkedHashMap<>();

    KeepalivedTranslator(Report report, Path outDir, List<String> nodeNames) {
        this.report = report;
        this.outDir = outDir;
        this.nodeNames = nodeNames;
    }

    Translation translate(Node root) {
        CfFile cf = new CfFile("Written by ldirectord import from " + root.origin().file() + " (keepalived)");
        Map<String, Node> groups = new LinkedHashMap<>();
        List<Node> instances = new ArrayList<>();
        Optional<Node> syncDaemon = Optional.empty();
        boolean mail = false;
        for (Node top : root.children()) {
            switch (top.name()) {
                case "global_defs" -> {
                    syncDaemon = top.child("lvs_sync_daemon");
                    mail = globals(top, cf);
                }
                case "virtual_server_group" -> groups.put(top.value(), top);
                case "vrrp_instance" -> instances.add(top);
                case "vrrp_sync_group", "virtual_server" -> {
                    // sync groups: every VIP moves together anyway; virtual servers: below.
                }
                default -> report.leftOut(top, TOP_WHY.getOrDefault(top.name(), "unknown keepalived keyword"));
            }
        }
        KeepalivedVirtuals virtuals = new KeepalivedVirtuals(report, new KeepalivedChecks(report, outDir, miscScripts),
                mail);
        for (Node vs : root.all("virtual_server")) {
            virtuals.add(vs, groups, cf);
        }
        Optional<HeartbeatPlan> pair = new KeepalivedVrrp(report, nodeNames).plan(instances, syncDaemon);
        pair.ifPresent(p -> cf.global("failover", outDir.resolve("ha.cf")));
        return new Translation(cf, pair, List.copyOf(miscScripts.values()));
    }

    /** global_defs: the mail settings; returns whether e-mail alerts are configured. */
    private boolean globals(Node g, CfFile cf) {
        boolean mail = false;
        for (Node c : g.children()) {
            switch (c.name()) {
                case "notification_email" -> {
                    List<Node> addresses = c.children();
                    if (!addresses.isEmpty()) {
                        cf.global("emailalert", addresses.get(0).name());
                        mail = true;
                    }
                    for (Node extra : addresses.subList(Math.min(1, addresses.size()), addresses.size())) {
                        report.leftOut(extra, "ldirectord mails one address: only the first is written");
                    }
                }
                case "notification_email_from" -> cf.global("emailalertfrom", c.value());
                case "smtp_server" -> {
                    cf.global("smtp", c.value());
                    if (c.args().size() > 1) {
                        report.leftOut(c, "ldirectord's smtp takes no port: port 25 is used");
                    }
                }
                case "smtp_connect_timeout" -> report.leftOut(c, "the mailer's timeout is not configurable");
                case "lvs_sync_daemon" -> {
                }
                default -> {
                    if (!GLOBAL_SILENT.contains(c.name())) {
                        report.leftOut(c, "no ldirectord.cf form for this global_defs option");
                    }
                }
            }
        }
        return mail;
    }
}
