package org.ldirector.director.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's virtual_server blocks as ldirectord.cf sections. A {@code virtual_server group NAME} becomes one
 * section per address, range member and fwmark of the group, each with the same reals and check.
 */
final class KeepalivedVirtuals {

    private static final Set<String> SCHED_FLAGS = Set.of("flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback",
            "mh-port", "mh-fallback");
    private static final int MAX_GROUP_MEMBERS = 256;

    /** One virtual service key: an address and port, or a firewall mark. */
    private record Key(String ip, int port, long fwmark) {
    }

    private final Report report;
    private final KeepalivedChecks checks;
    private final boolean mail;

    KeepalivedVirtuals(Report report, KeepalivedChecks checks, boolean mail) {
        this.report = report;
        this.checks = checks;
        this.mail = mail;
    }

    void add(Node vs, Map<String, Node> groups, CfFile cf) {
        List<Key> keys = keys(vs, groups);
        Report quiet = new Report();
        for (int i = 0; i < keys.size(); i++) {
            // A group's settings are reported once, with its first member.
            Report r = i == 0 ? report : quiet;
            CfVirtual out = section(vs, keys.get(i), r, i == 0 ? checks : new KeepalivedChecks(quiet,
                    checks.outDir(), checks.scripts()));
            if (out != null) {
                cf.add(out);
            }
        }
    }

    private List<Key> keys(Node vs, Map<String, Node> groups) {
        List<String> a = vs.args();
        if (a.size() == 2 && a.get(0).equals("fwmark")) {
            long mark = parse(vs, a.get(1));
            if (mark < 1 || mark > 0xFFFF_FFFFL) {
                report.leftOut(vs, "not a firewall mark: " + a.get(1));
                return List.of();
            }
            return List.of(new Key(null, 0, mark));
        }
        if (a.size() == 2 && a.get(0).equals("group")) {
            Node g = groups.get(a.get(1));
            if (g == null) {
                report.leftOut(vs, "no virtual_server_group " + a.get(1));
                return List.of();
            }
            List<Key> keys = new ArrayList<>();
            for (Node member : g.children()) {
                if (member.name().equals("fwmark")) {
                    long mark = parse(member, member.value());
                    if (mark >= 1 && mark <= 0xFFFF_FFFFL) {
                        keys.add(new Key(null, 0, mark));
                    } else {
                        report.leftOut(member, "not a firewall mark");
                    }
                } else if (member.args().size() == 1) {
                    range(member, keys);
                } else {
                    report.leftOut(member, "expected 'IP PORT', 'IP-LAST PORT' or 'fwmark N'");
                }
            }
            return keys;
        }
        if (a.size() == 2 && AddressText.literal(a.get(0)).isPresent()) {
            long port = parse(vs, a.get(1));
            if (port < 1 || port > 65535) {
                report.leftOut(vs, "not a port number: " + a.get(1));
                return List.of();
            }
            return List.of(new Key(a.get(0), (int) port, 0));
        }
        report.leftOut(vs, "expected 'virtual_server IP PORT', 'fwmark N' or 'group NAME'");
        return List.of();
    }

    /** {@code 192.168.200.3-10 80}: the last byte (IPv4) or group (IPv6) runs up to the number after the dash. */
    private void range(Node member, List<Key> keys) {
        long parsed = parse(member, member.value());
        if (parsed < 1 || parsed > 65535) {
            report.leftOut(member, "not a port number: " + member.value());
            return;
        }
        int port = (int) parsed;
        String text = member.name();
        int dash = text.lastIndexOf('-');
        if (dash < 0) {
            if (AddressText.literal(text).isPresent()) {
                keys.add(new Key(text, port, 0));
            } else {
                report.leftOut(member, "not an IP address");
            }
            return;
        }
        String first = text.substring(0, dash);
        boolean v6 = AddressText.isV6(first);
        int sep = v6 ? first.lastIndexOf(':') : first.lastIndexOf('.');
        if (AddressText.literal(first).isEmpty() || sep < 0) {
            report.leftOut(member, "not an address range");
            return;
        }
        try {
            int radix = v6 ? 16 : 10;
            int from = Integer.parseInt(first.substring(sep + 1), radix);
            int to = Integer.parseInt(text.substring(dash + 1), radix);
            if (to < from || to - from >= MAX_GROUP_MEMBERS || (!v6 && to > 255)) {
                report.leftOut(member, "the range is empty, too large or leaves the last byte");
                return;
            }
            for (int i = from; i <= to; i++) {
                keys.add(new Key(first.substring(0, sep + 1) + Integer.toString(i, radix), port, 0));
            }
        } catch (NumberFormatException e) {
            report.leftOut(member, "not an address range");
        }
    }

    private CfVirtual section(Node vs, Key key, Report r, KeepalivedChecks checker) {
        String line = key.ip == null ? "virtual=" + key.fwmark
                : (AddressText.isV6(key.ip) ? "virtual6=" : "virtual=") + AddressText.endpoint(key.ip, key.port);
        CfVirtual out = new CfVirtual("from " + vs.origin() + ": " + vs.text(), line);
        String protocol = vs.child("protocol").map(p -> p.value().toLowerCase(java.util.Locale.ROOT)).orElse("tcp");
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            r.leftOut(vs.child("protocol").get(), "ldirectord balances tcp and udp only: the section is commented out");
            out.disable("protocol " + protocol + " in the source");
            protocol = "tcp";
        }
        out.set("protocol", key.ip == null ? "fwm" : protocol);
        out.set("scheduler", "wlc"); // keepalived's IPVS_DEF_SCHED
        String forwarding = "masq"; // keepalived's default lb_kind is NAT
        int delayLoop = 60;
        boolean quiescent = false;
        List<String> flags = new ArrayList<>();
        Optional<Node> sorry = Optional.empty();
        Optional<String> sorryForwarding = Optional.empty();
        for (Node c : vs.children()) {
            switch (c.name()) {
                case "delay_loop" -> delayLoop = Math.max(1, KeepalivedChecks.seconds(c));
                case "lb_algo", "lvs_sched" -> {
                    if (c.value().matches("[a-z]+")) {
                        out.set("scheduler", c.value());
                    } else {
                        r.leftOut(c, "not a scheduler name: wlc is written");
                    }
                }
                case "lb_kind", "lvs_method" -> {
                    forwarding = forwarding(c, r);
                    if (c.args().size() > 1) {
                        r.leftOut(c, "the tunnel type has no ldirectord form: ipip is used");
                    }
                }
                case "persistence_timeout" -> out.set("persistent", KeepalivedChecks.seconds(c));
                case "persistence_granularity" -> granularity(c, key, out, r);
                case "protocol", "real_server", "alpha" -> {
                    // alpha: ldirector checks every real before adding it, which is keepalived's alpha mode.
                }
                case "sorry_server" -> sorry = Optional.of(c);
                case "sorry_server_lvs_method" -> sorryForwarding = Optional.of(forwarding(c, r));
                case "inhibit_on_failure" -> quiescent = true;
                case "virtualhost" -> out.set("virtualhost", "\"" + c.value() + "\"");
                case "ops" -> out.set("ops", "yes");
                case "quorum" -> {
                    if (KeepalivedChecks.seconds(c) > 1) {
                        r.leftOut(c, "ldirectord has no quorum: the fallback serves only when no real is up");
                    }
                }
                case "hysteresis" -> {
                    if (KeepalivedChecks.seconds(c) > 0) {
                        r.leftOut(c, "ldirectord has no quorum, so no hysteresis either");
                    }
                }
                case "smtp_alert" -> {
                    if (!mail) {
                        r.leftOut(c, "no notification_email in global_defs to send to");
                    }
                }
                default -> {
                    if (SCHED_FLAGS.contains(c.name())) {
                        flags.add(c.name());
                    } else if (!KeepalivedChecks.GENERIC.contains(c.name())) {
                        r.leftOut(c, "no ldirectord.cf form for this virtual_server option");
                    }
                }
            }
        }
        out.set("checkinterval", delayLoop);
        if (!flags.isEmpty()) {
            out.set("schedflags", String.join(",", flags));
        }
        String fwd = sorryForwarding.orElse(forwarding);
        sorry.ifPresent(s -> {
            if (s.args().size() >= 1 && AddressText.literal(s.value()).isPresent()) {
                int port = s.args().size() > 1 ? (int) parse(s, s.args().get(1)) : key.port;
                out.set("fallback", (port > 0 ? AddressText.endpoint(s.value(), port) : s.value()) + " "
                        + fwd);
            } else {
                r.leftOut(s, "expected 'sorry_server IP PORT'");
            }
        });
        reals(vs, key, out, r, checker, forwarding, protocol, delayLoop, quiescent);
        return out;
    }

    private void reals(Node vs, Key key, CfVirtual out, Report r, KeepalivedChecks checker, String forwarding,
                       String protocol, int delayLoop, boolean vsQuiescent) {
        CheckPlan virtualCheck = null;
        boolean quiescent = vsQuiescent;
        boolean someInhibit = false;
        List<Node> reals = vs.all("real_server");
        for (Node rs : reals) {
            String ip = rs.value();
            if (AddressText.literal(ip).isEmpty()) {
                r.leftOut(rs, "not an IP address");
                continue;
            }
            long parsed = rs.args().size() > 1 ? parse(rs, rs.args().get(1)) : key.port;
            if (parsed < 0 || parsed > 65535) {
                r.leftOut(rs, "not a port number: " + rs.args().get(1));
                continue;
            }
            int port = (int) parsed;
            StringBuilder line = new StringBuilder(AddressText.isV6(ip) ? "real6=" : "real=")
                    .append(port > 0 ? AddressText.endpoint(ip, port) : (AddressText.isV6(ip) ? "[" + ip + "]" : ip))
                    .append(' ').append(forwarding)
                    .append(' ').append(rs.child("weight").map(w -> weight(w, r)).orElse(1));
            Optional<CheckPlan> plan = checker.plan(rs, vs, protocol, delayLoop);
            if (plan.isPresent()) {
                if (virtualCheck == null) {
                    virtualCheck = plan.get();
                    plan.get().directives().forEach(out::set);
                } else if (!plan.get().shape().equals(virtualCheck.shape())) {
                    r.note(plan.get().origin(), rs.text(), "approximated: ldirectord has one check per virtual:"
                            + " this real is checked like the first one (" + virtualCheck.origin() + ")");
                } else if (!plan.get().directives().equals(virtualCheck.directives())) {
                    line.append(" \"").append(unquote(plan.get().directives().getOrDefault("request", "\"/\"")))
                            .append("\", \"").append(unquote(plan.get().directives().getOrDefault("receive", "\"\"")))
                            .append('"');
                }
            } else if (reals.stream().anyMatch(o -> o.children().stream()
                    .anyMatch(c -> KeepalivedChecks.CHECKERS.contains(c.name())))) {
                r.note(rs.origin(), rs.text(), "approximated: keepalived counts a real without a checker as up;"
                        + " ldirectord checks it like the other reals");
            }
            for (Node c : rs.children()) {
                switch (c.name()) {
                    case "weight" -> {
                    }
                    case "inhibit_on_failure" -> someInhibit = true;
                    case "uthreshold" -> line.append(" u:").append(KeepalivedChecks.seconds(c));
                    case "lthreshold" -> line.append(" l:").append(KeepalivedChecks.seconds(c));
                    case "notify_up", "notify_down" -> r.leftOut(c, "ldirector runs no command when a real changes");
                    case "delay_loop" -> {
                        if (KeepalivedChecks.seconds(c) != delayLoop) {
                            r.approximated(c, "ldirectord checks every real of a virtual at its checkinterval ("
                                    + delayLoop + " s)");
                        }
                    }
                    default -> {
                        if (!KeepalivedChecks.CHECKERS.contains(c.name()) && !KeepalivedChecks.GENERIC.contains(c.name())) {
                            r.leftOut(c, "no ldirectord.cf form for this real_server option");
                        }
                    }
                }
            }
            out.real(fixThresholdOrder(line.toString()));
        }
        if (virtualCheck == null) {
            out.set("checktype", "on");
        }
        if (someInhibit && !quiescent) {
            quiescent = true;
            if (reals.stream().anyMatch(rs -> rs.child("inhibit_on_failure").isEmpty())) {
                r.note(vs.origin(), vs.text(), "approximated: inhibit_on_failure is per virtual in ldirectord"
                        + " (quiescent=yes): it applies to every real of this virtual");
            }
        }
        out.set("quiescent", quiescent ? "yes" : "no");
    }

    /** A dotted mask (IPv4) or a prefix length; ldirectord.cf wants a dotted mask for IPv4. */
    private static void granularity(Node c, Key key, CfVirtual out, Report r) {
        boolean v6 = key.ip != null && AddressText.isV6(key.ip);
        String v = c.value();
        if (v.matches("\\d{1,3}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= (v6 ? 128 : 32)) {
            out.set("netmask", v6 ? v : AddressText.netmask(Integer.parseInt(v)));
        } else if (!v6 && AddressText.prefix(v).isPresent()) {
            out.set("netmask", v);
        } else {
            r.leftOut(c, "not a netmask or prefix length for this virtual");
        }
    }

    private static int weight(Node w, Report r) {
        if (w.value().matches("\\d{1,9}")) {
            return Integer.parseInt(w.value());
        }
        r.leftOut(w, "not a weight: 1 is written");
        return 1;
    }

    /** ldirectord reads {@code l:} before {@code u:}. */
    private static String fixThresholdOrder(String line) {
        int u = line.indexOf(" u:");
        int l = line.indexOf(" l:");
        if (u < 0 || l < 0 || l < u) {
            return line;
        }
        String upper = line.substring(u, l);
        return line.substring(0, u) + line.substring(l) + upper;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String forwarding(Node c, Report r) {
        return switch (c.value().toUpperCase(java.util.Locale.ROOT)) {
            case "NAT" -> "masq";
            case "DR" -> "gate";
            case "TUN" -> "ipip";
            default -> {
                r.leftOut(c, "lb_kind must be NAT, DR or TUN: NAT (masq) is written");
                yield "masq";
            }
        };
    }

    private long parse(Node n, String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            report.leftOut(n, "not a number: " + number);
            return 0;
        }
    }
}
