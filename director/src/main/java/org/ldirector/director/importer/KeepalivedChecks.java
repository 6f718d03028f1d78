package org.ldirector.director.importer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A keepalived real's checker as ldirectord check directives. keepalived runs every checker of a real and wants all to
 * pass; ldirectord has one check per virtual, so the first checker is carried over and the others reported.
 */
final class KeepalivedChecks {

    static final Set<String> CHECKERS = Set.of("HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK",
            "MISC_CHECK", "PING_CHECK", "UDP_CHECK", "BFD_CHECK", "FILE_CHECK");
    /** Options every checker takes (and a real or virtual can give its checkers). */
    static final Set<String> GENERIC = Set.of("connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "fwmark",
            "connect_timeout", "retry", "delay_before_retry", "warmup", "log_all_failures", "alpha", "delay_loop");

    private final Report report;
    private final Path outDir;
    private final Map<String, ScriptFile> miscScripts;

    KeepalivedChecks(Report report, Path outDir, Map<String, ScriptFile> miscScripts) {
        this.report = report;
        this.outDir = outDir;
        this.miscScripts = miscScripts;
    }

    Path outDir() {
        return outDir;
    }

    Map<String, ScriptFile> scripts() {
        return miscScripts;
    }

    /** The plan of {@code real} (inside {@code vs}), empty when it has no checker (keepalived then counts it up). */
    Optional<CheckPlan> plan(Node real, Node vs, String protocol, int delayLoop) {
        List<Node> checkers = real.children().stream().filter(c -> CHECKERS.contains(c.name())).toList();
        if (checkers.isEmpty()) {
            return Optional.empty();
        }
        for (Node extra : checkers.subList(1, checkers.size())) {
            report.leftOut(extra, "ldirectord runs one check per real: only the first checker ("
                    + checkers.get(0).name() + ") is carried over");
        }
        Node c = checkers.get(0);
        Map<String, String> d = new LinkedHashMap<>();
        int defaultRetry = 1;
        switch (c.name()) {
            case "HTTP_GET", "SSL_GET" -> http(c, d);
            case "TCP_CHECK" -> d.put("checktype", "connect");
            case "SMTP_CHECK" -> smtp(c, real, d);
            case "DNS_CHECK" -> {
                dns(c, d);
                defaultRetry = 3;
            }
            case "MISC_CHECK" -> {
                misc(c, d);
                defaultRetry = 0;
            }
            case "PING_CHECK" -> d.put("checktype", "ping");
            case "UDP_CHECK" -> udp(c, d, protocol);
            default -> {
                report.leftOut(c, "it has no ldirectord form; the real is not checked (checktype=on)");
                d.put("checktype", "on");
                return Optional.of(new CheckPlan(d, c.origin()));
            }
        }
        generic(c, real, vs, d, defaultRetry, delayLoop);
        return Optional.of(new CheckPlan(d, c.origin()));
    }

    private void http(Node c, Map<String, String> d) {
        d.put("checktype", "negotiate");
        d.put("service", c.name().equals("SSL_GET") ? "https" : "http");
        List<Node> urls = c.all("url");
        for (Node extra : urls.subList(Math.min(1, urls.size()), urls.size())) {
            report.leftOut(extra, "ldirectord checks one URL per virtual: only the first url is checked");
        }
        if (urls.isEmpty()) {
            d.put("request", "\"/\"");
        } else {
            url(urls.get(0), d);
        }
        for (Node o : c.children()) {
            if (!o.name().equals("url") && !GENERIC.contains(o.name())) {
                report.leftOut(o, o.name().equals("virtualhost") ? "a checker's virtualhost: give it on the virtual"
                        : "no ldirectord form for this HTTP checker option");
            }
        }
    }

    private void url(Node url, Map<String, String> d) {
        for (Node o : url.children()) {
            switch (o.name()) {
                case "path" -> d.put("request", "\"" + o.value() + "\"");
                case "regex" -> d.put("receive", "\"" + o.value() + "\"");
                case "virtualhost" -> d.put("virtualhost", o.value());
                case "digest" -> report.leftOut(o, "ldirectord cannot compare an MD5 digest of the page; any 2xx"
                        + " answer passes");
                case "status_code" -> statusCodes(o);
                default -> report.leftOut(o, "no ldirectord form for this url option");
            }
        }
        if (d.get("request") != null && d.get("request").contains("#")) {
            report.leftOut(url, "a '#' cannot be written in an ldirectord.cf section line: / is requested");
            d.put("request", "\"/\"");
        }
    }

    private void statusCodes(Node o) {
        boolean all2xx = true;
        for (String code : o.args()) {
            String[] range = code.split("-", 2);
            try {
                int lo = Integer.parseInt(range[0]);
                int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
                all2xx &= lo >= 200 && hi <= 299;
            } catch (NumberFormatException e) {
                all2xx = false;
            }
        }
        if (o.joined().equals("200-299")) {
            return;
        }
        if (all2xx) {
            report.approximated(o, "ldirectord's http check accepts any 2xx status");
        } else {
            report.leftOut(o, "ldirectord's http check accepts 2xx statuses only");
        }
    }

    private void smtp(Node c, Node real, Map<String, String> d) {
        d.put("checktype", "negotiate");
        d.put("service", "smtp");
        List<Node> hosts = c.all("host");
        for (int i = 0; i < hosts.size(); i++) {
            Node h = hosts.get(i);
            String ip = h.child("connect_ip").map(Node::value).orElse(real.value());
            if (i == 0 && ip.equals(real.value())) {
                h.child("connect_port").filter(p -> p.value().matches("\\d{1,5}") && seconds(p) >= 1
                        && seconds(p) <= 65535).ifPresent(p -> d.put("checkport", p.value()));
                h.children().stream().filter(o -> !Set.of("connect_ip", "connect_port").contains(o.name()))
                        .forEach(o -> report.leftOut(o, "no ldirectord form for this smtp host option"));
            } else {
                report.leftOut(h, "ldirectord checks the real's own address only");
            }
        }
        for (Node o : c.children()) {
            if (o.name().equals("helo_name")) {
                report.approximated(o, "ldirectord's smtp check greets with EHLO localhost.localdomain");
            } else if (!o.name().equals("host") && !GENERIC.contains(o.name())) {
                report.leftOut(o, "no ldirectord form for this SMTP checker option");
            }
        }
    }

    private void dns(Node c, Map<String, String> d) {
        String type = c.child("type").map(Node::value).orElse("SOA");
        Optional<String> name = c.child("name").map(Node::value).filter(n -> !n.equals("."));
        if (type.equalsIgnoreCase("A") && name.isPresent()) {
            d.put("checktype", "negotiate");
            d.put("service", "dns");
            d.put("request", "\"" + name.get() + "\"");
            d.put("receive", "\".\"");
            report.approximated(c, "ldirectord's dns check asks for the A record of " + name.get()
                    + " and passes on any address in the answer");
        } else {
            d.put("checktype", "connect");
            report.approximated(c, "ldirectord's dns check asks for A records only (this one asks " + type
                    + "): checked with a connect check instead");
        }
        c.children().stream().filter(o -> !Set.of("type", "name").contains(o.name()) && !GENERIC.contains(o.name()))
                .forEach(o -> report.leftOut(o, "no ldirectord form for this DNS checker option"));
    }

    /** MISC_CHECK: ldirectord runs an external check without a shell and with its own arguments, hence a wrapper. */
    private void misc(Node c, Map<String, String> d) {
        Optional<Node> path = c.child("misc_path");
        if (path.isEmpty()) {
            report.leftOut(c, "MISC_CHECK without misc_path: the real is not checked (checktype=on)");
            d.put("checktype", "on");
            return;
        }
        String command = path.get().joined();
        ScriptFile script = miscScripts.computeIfAbsent(command, k -> new ScriptFile(
                "keepalived-misc-" + (miscScripts.size() + 1) + ".sh", "#!/bin/sh\n# Written by ldirectord import from "
                + path.get().origin() + ": misc_path " + command + "\n"
                + "# ldirectord's external check calls it as: VIP VPORT RIP RPORT (not passed on)\n"
                + "exec " + command + "\n"));
        d.put("checktype", "external");
        d.put("checkcommand", outDir.resolve(script.name()).toString());
        for (Node o : c.children()) {
            switch (o.name()) {
                case "misc_path" -> {
                }
                case "misc_timeout" -> d.put("checktimeout", String.valueOf(Math.max(1, seconds(o))));
                case "misc_dynamic" -> report.leftOut(o, "ldirectord's weights are static: the exit code does not"
                        + " set the weight (0 = up, anything else = down)");
                case "user" -> report.leftOut(o, "the check runs as the director's user");
                default -> {
                    if (!GENERIC.contains(o.name())) {
                        report.leftOut(o, "no ldirectord form for this MISC checker option");
                    }
                }
            }
        }
    }

    private void udp(Node c, Map<String, String> d, String protocol) {
        d.put("checktype", protocol.equals("udp") ? "ping" : "connect");
        report.approximated(c, protocol.equals("udp")
                ? "ldirectord has no UDP probe that waits for an ICMP unreachable: the real is pinged"
                : "on a TCP virtual the real is checked with a TCP connect");
        c.children().stream().filter(o -> !GENERIC.contains(o.name()))
                .forEach(o -> report.leftOut(o, "no ldirectord form for this UDP checker option"));
    }

    /** Options of the checker, else of the real, else of the virtual (keepalived's inheritance). */
    private void generic(Node c, Node real, Node vs, Map<String, String> d, int defaultRetry, int delayLoop) {
        for (String name : List.of("connect_port", "connect_timeout", "retry", "delay_before_retry", "connect_ip",
                "bindto", "bind_port", "bind_if", "fwmark", "warmup", "log_all_failures")) {
            Optional<Node> o = c.child(name).or(() -> real.child(name)).or(() -> vs.child(name));
            if (o.isEmpty()) {
                continue;
            }
            Node n = o.get();
            switch (name) {
                case "connect_port" -> {
                    int port = seconds(n);
                    if (port >= 1 && port <= 65535 && n.value().matches("\\d+")) {
                        d.put("checkport", n.value());
                    } else {
                        report.leftOut(n, "not a port number");
                    }
                }
                case "connect_timeout" -> {
                    if (!d.get("checktype").equals("external")) {
                        d.put("negotiatetimeout", String.valueOf(Math.max(1, seconds(n))));
                    }
                    d.putIfAbsent("checktimeout", String.valueOf(Math.max(1, seconds(n))));
                }
                case "retry" -> {
                }
                case "delay_before_retry" -> {
                    if (seconds(n) != delayLoop) {
                        report.approximated(n, "ldirectord retries at its checkinterval (" + delayLoop + " s)");
                    }
                }
                case "connect_ip" -> {
                    if (!n.value().equals(real.value())) {
                        report.leftOut(n, "ldirectord checks the real's own address");
                    }
                }
                case "warmup" -> report.leftOut(n, "ldirectord checks every real at start");
                default -> report.leftOut(n, "no ldirectord form for this checker option");
            }
        }
        if (!d.containsKey("checktimeout")) {
            // keepalived's defaults: connect_timeout 5 s; misc_timeout the delay_loop.
            int timeout = d.get("checktype").equals("external") ? delayLoop : 5;
            d.put("checktimeout", String.valueOf(timeout));
            if (!d.get("checktype").equals("external")) {
                d.put("negotiatetimeout", String.valueOf(timeout));
            }
        }
        Optional<Node> retryNode = c.child("retry").or(() -> real.child("retry")).or(() -> vs.child("retry"));
        int retry = defaultRetry;
        if (retryNode.isPresent() && retryNode.get().value().matches("\\d{1,6}")) {
            retry = Integer.parseInt(retryNode.get().value());
        } else if (retryNode.isPresent()) {
            report.leftOut(retryNode.get(), "not a number: keepalived's default " + defaultRetry + " is used");
        }
        // keepalived takes a real out after the first failure and `retry` more: ldirectord's failurecount.
        d.put("failurecount", String.valueOf(retry + 1));
    }

    /** A keepalived time or count (fractions allowed): whole seconds, rounded up, at least 1 for a time. */
    static int seconds(Node n) {
        try {
            return new BigDecimal(n.value()).setScale(0, RoundingMode.CEILING).max(BigDecimal.ZERO).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return 0;
        }
    }
}
