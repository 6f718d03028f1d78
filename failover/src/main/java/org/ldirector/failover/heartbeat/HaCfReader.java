package org.ldirector.failover.heartbeat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.ldirector.failover.heartbeat.HaCfConfiguration.Directive;

/** Reads ha.cf (through {@link HaCfConfiguration}) into an {@link HaCf}, with Heartbeat's defaults and checks. */
public final class HaCfReader {

    static final int DEFAULT_UDP_PORT = 694;

    /** Directives Heartbeat knows that ldirector deliberately does not use, with the reason given in the warning. */
    private static final Map<String, String> NOT_USED = Map.ofEntries(
            Map.entry("logfile", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("debugfile", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("logfacility", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("use_logd", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("debug", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("respawn", "ldirector runs no Heartbeat client processes (ipfail's job is done by ping)"),
            Map.entry("apiauth", "ldirector runs no Heartbeat client processes"),
            Map.entry("crm", "there is no Pacemaker CRM in ldirector"),
            Map.entry("pacemaker", "there is no Pacemaker CRM in ldirector"),
            Map.entry("stonith", "fencing (STONITH) is not implemented"),
            Map.entry("stonith_host", "fencing (STONITH) is not implemented"),
            Map.entry("watchdog", "the kernel watchdog is not driven by ldirector"),
            Map.entry("serial", "serial heartbeat links are not supported; use ucast"),
            Map.entry("baud", "serial heartbeat links are not supported; use ucast"),
            Map.entry("mcast6", "IPv6 multicast heartbeats are not supported; use ucast"),
            Map.entry("autojoin", "membership is the node list"),
            Map.entry("realtime", "it has no meaning for a JVM"),
            Map.entry("coredumps", "it has no meaning for a JVM"),
            Map.entry("compression", "it has no meaning for the JGroups transport"),
            Map.entry("compression_threshold", "it has no meaning for the JGroups transport"),
            Map.entry("traditional_compression", "it has no meaning for the JGroups transport"),
            Map.entry("msgfmt", "it has no meaning for the JGroups transport"),
            Map.entry("hopfudge", "it has no meaning for the JGroups transport"),
            Map.entry("hbgenmethod", "it has no meaning for the JGroups transport"),
            Map.entry("uuidfrom", "nodes are identified by name"),
            Map.entry("conn_logd_time", "logging follows ldirectord.cf (logfile=)"),
            Map.entry("max_rexmit_delay", "it has no meaning for the JGroups transport"),
            Map.entry("rtprio", "it has no meaning for a JVM"));

    private final Path file;
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> nodes = new LinkedHashSet<>();
    private final List<Medium> media = new ArrayList<>();
    private final List<String> pingNodes = new ArrayList<>();
    private Integer udpPort;
    private Duration keepalive;
    private Duration deadtime;
    private Duration warntime;
    private Duration initdead;
    private Duration deadping;
    private Boolean autoFailback;
    private boolean portMediumSeen;

    private HaCfReader(Path file) {
        this.file = file;
    }

    /** Reads and checks {@code file}. */
    public static HaCf read(Path file) throws HeartbeatFileException {
        return new HaCfReader(file).parse(load(file).directives());
    }

    private static HaCfConfiguration load(Path file) throws HeartbeatFileException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new HeartbeatFileException(file + ": cannot read the Heartbeat configuration file");
        }
        try {
            return new FileBasedConfigurationBuilder<>(HaCfConfiguration.class)
                    .configure(new Parameters().fileBased().setPath(file.toString()).setEncoding("UTF-8"))
                    .getConfiguration();
        } catch (ConfigurationException e) {
            throw new HeartbeatFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private HaCf parse(List<Directive> directives) throws HeartbeatFileException {
        for (Directive d : directives) {
            directive(d);
        }
        if (nodes.isEmpty()) {
            throw new HeartbeatFileException(file + ": no node directive: name every director (uname -n) with node");
        }
        if (media.isEmpty()) {
            throw new HeartbeatFileException(file + ": no heartbeat medium: add ucast lines (one per peer), mcast or bcast");
        }
        Timings t = Timings.derive(keepalive != null ? keepalive : Duration.ofSeconds(1),
                deadtime != null ? deadtime : Duration.ofSeconds(30), warntime, initdead, deadping);
        if (t.deadtime().compareTo(t.keepalive().multipliedBy(2)) <= 0) {
            throw new HeartbeatFileException(file + ": deadtime (" + HeartbeatTime.format(t.deadtime())
                    + ") must be more than twice keepalive (" + HeartbeatTime.format(t.keepalive()) + ")");
        }
        if (t.warntime().compareTo(t.deadtime()) >= 0) {
            warnings.add(file + ": warntime (" + HeartbeatTime.format(t.warntime()) + ") is not below deadtime ("
                    + HeartbeatTime.format(t.deadtime()) + "): no late heartbeat will be reported before a node is dead");
        }
        if (t.initdead().compareTo(Duration.ofSeconds(10)) < 0) {
            warnings.add(file + ": initdead (" + HeartbeatTime.format(t.initdead())
                    + ") is below 10 s: a peer that boots slowly may find this node already active");
        }
        return new HaCf(file, List.copyOf(nodes), media, udpPort != null ? udpPort : DEFAULT_UDP_PORT, t,
                autoFailback == null || autoFailback, pingNodes, warnings);
    }

    private void directive(Directive d) throws HeartbeatFileException {
        List<String> args = d.args();
        switch (d.name()) {
            case "node" -> {
                need(d, args.size() >= 1, "node needs at least one node name");
                for (String n : args) {
                    if (!nodes.add(n.toLowerCase(Locale.ROOT))) {
                        warn(d, "node " + n + " is listed twice");
                    }
                }
            }
            case "ucast" -> {
                need(d, args.size() == 2, "ucast needs an interface and a peer address: ucast eth0 10.0.0.2");
                media.add(new Medium.Ucast(args.get(0), host(d, args.get(1)), d.line()));
                portMediumSeen = true;
            }
            case "mcast" -> {
                need(d, args.size() == 5, "mcast needs: mcast <dev> <group> <port> <ttl> <loop>");
                need(d, IpLiterals.parse(args.get(1)).filter(a -> a.getAddress().length == 4 && a.isMulticastAddress())
                        .isPresent(),
                        "mcast group '" + args.get(1) + "' is not an IPv4 multicast address (224.0.0.0/4)");
                int port = number(d, args.get(2), 1, 65535, "mcast port");
                int ttl = number(d, args.get(3), 0, 255, "mcast ttl");
                int loop = number(d, args.get(4), 0, 1, "mcast loop");
                media.add(new Medium.Mcast(args.get(0), args.get(1), port, ttl, loop == 1, d.line()));
            }
            case "bcast" -> {
                need(d, args.size() >= 1, "bcast needs at least one interface");
                media.add(new Medium.Bcast(args, d.line()));
                portMediumSeen = true;
            }
            case "udpport" -> {
                need(d, args.size() == 1, "udpport needs one port number");
                udpPort = number(d, args.get(0), 1, 65535, "udpport");
                if (portMediumSeen) {
                    warn(d, "udpport comes after a ucast/bcast line: Heartbeat would have used the earlier port for"
                            + " those lines; ldirector uses " + udpPort + " for all of them");
                }
            }
            case "keepalive" -> keepalive = time(d);
            case "deadtime" -> deadtime = time(d);
            case "warntime" -> warntime = time(d);
            case "initdead" -> initdead = time(d);
            case "deadping" -> deadping = time(d);
            case "auto_failback" -> autoFailback = autoFailback(d);
            case "ping" -> {
                need(d, args.size() >= 1, "ping needs at least one host");
                for (String h : args) {
                    pingNodes.add(host(d, h));
                }
            }
            case "ping_group" -> {
                need(d, args.size() >= 2, "ping_group needs a group name and at least one host");
                for (String h : args.subList(1, args.size())) {
                    pingNodes.add(host(d, h));
                }
            }
            default -> {
                String reason = NOT_USED.get(d.name());
                warn(d, reason != null ? d.name() + " is not used by ldirector: " + reason + "; ignored"
                        : "unknown directive '" + d.name() + "'; ignored");
            }
        }
    }

    private Boolean autoFailback(Directive d) throws HeartbeatFileException {
        need(d, d.args().size() == 1, "auto_failback needs one value: on, off or legacy");
        String v = d.args().get(0).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on", "yes", "true", "y", "1" -> true;
            case "off", "no", "false", "n", "0" -> false;
            case "legacy" -> {
                warn(d, "auto_failback legacy is treated as on (every ldirector node supports auto_failback)");
                yield true;
            }
            default -> throw HeartbeatFileException.at(file, d.line(),
                    "auto_failback must be on, off or legacy, not '" + d.args().get(0) + "'");
        };
    }

    private Duration time(Directive d) throws HeartbeatFileException {
        need(d, d.args().size() == 1, d.name() + " needs one time value (seconds, or e.g. 500ms)");
        Optional<Duration> t = HeartbeatTime.parse(d.args().get(0));
        need(d, t.isPresent(), d.name() + ": '" + d.args().get(0)
                + "' is not a time: write seconds (2, 0.5) or milliseconds (500ms)");
        need(d, t.get().toMillis() > 0, d.name() + " must be more than 0");
        return t.get();
    }

    private int number(Directive d, String text, int min, int max, String what) throws HeartbeatFileException {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HeartbeatFileException.at(file, d.line(), what + " must be a number from " + min + " to " + max
                + ", not '" + text + "'");
    }

    private String host(Directive d, String text) throws HeartbeatFileException {
        need(d, text.matches("[A-Za-z0-9._:%-]+"), "'" + text + "' is not a host name or address");
        return text;
    }

    private void need(Directive d, boolean ok, String message) throws HeartbeatFileException {
        if (!ok) {
            throw HeartbeatFileException.at(file, d.line(), message);
        }
    }

    private void warn(Directive d, String message) {
        warnings.add(file + ":" + d.line() + ": " + message);
    }
}
