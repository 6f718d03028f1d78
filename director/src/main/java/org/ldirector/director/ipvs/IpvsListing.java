package org.ldirector.director.ipvs;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link IpvsTable} in ipvsadm 1.31's text layouts, byte for byte ({@code print_title},
 * {@code print_service_entry} in ipvsadm.c), and the way back ({@link #parseList},
 * {@link #parseSave}).
 *
 * <pre>
 * IP Virtual Server version 1.2.1 (size=4096)
 * Prot LocalAddress:Port Scheduler Flags
 *   -&gt; RemoteAddress:Port           Forward Weight ActiveConn InActConn
 * TCP  10.0.0.1:80 wlc persistent 300 mask 255.255.255.0
 *   -&gt; 10.0.0.2:80                  Route   1      0          0
 * </pre>
 * Real lines end with the padded InActConn column ({@code "%-10u"}), trailing spaces included.
 * Services and reals come in ipvsadm's sort order ({@link ListingOrder}), not the table's.
 */
public final class IpvsListing {

    /** The kernel's banner; {@code size} is the connection hash table size (4096 unless ip_vs conn_tab_bits was changed). */
    public static final String VERSION_LINE = "IP Virtual Server version 1.2.1 (size=4096)";

    private IpvsListing() {
    }

    /** Text appended on the right of each real's line of {@link #list(IpvsTable, Extras)}. */
    @FunctionalInterface
    public interface RealColumns {
        RealColumns NONE = (service, real) -> "";

        /** The text to put after the InActConn column (it starts in column 71); {@code ""} for none. */
        String suffix(ServiceKey service, IpvsDestination real);
    }

    /** A real's connection counts: ipvsadm -L's ActiveConn and InActConn columns. */
    public record Connections(long active, long inactive) {
        public static final Connections NONE = new Connections(0, 0);
    }

    /** Where the connection counts of a listing come from (a table holds none; they are 0 unless given). */
    @FunctionalInterface
    public interface ConnectionCounts {
        ConnectionCounts NONE = (service, real) -> Connections.NONE;

        Connections of(ServiceKey service, Endpoint real);
    }

    /**
     * What {@link #list(IpvsTable, Extras)} shows besides the table: connection counts, and extra
     * columns on the right of each real (the director's {@code list} command appends health,
     * last check result and failure count) with a title for the header line.
     *
     * @param title   appended, after one space, to the header line {@code -> RemoteAddress:Port ... InActConn}; {@code ""} for none
     * @param columns the text for each real
     */
    public record Extras(String title, RealColumns columns, ConnectionCounts connections) {
        public static final Extras NONE = new Extras("", RealColumns.NONE, ConnectionCounts.NONE);

        public Extras {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(columns, "columns");
            Objects.requireNonNull(connections, "connections");
        }

        public static Extras columns(String title, RealColumns columns) {
            return new Extras(title, columns, ConnectionCounts.NONE);
        }

        public Extras withConnections(ConnectionCounts counts) {
            return new Extras(title, columns, counts);
        }
    }

    /** What {@link #parseList(String)} read: the table and the connection counts that came with it. */
    public record Parsed(IpvsTable table, Map<ServiceKey, Map<Endpoint, Connections>> connectionsByService)
            implements ConnectionCounts {
        public Parsed {
            Objects.requireNonNull(table, "table");
            Map<ServiceKey, Map<Endpoint, Connections>> copy = new java.util.HashMap<>();
            connectionsByService.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
            connectionsByService = Map.copyOf(copy);
        }

        @Override
        public Connections of(ServiceKey service, Endpoint real) {
            Map<Endpoint, Connections> m = connectionsByService.get(service);
            Connections c = m == null ? null : m.get(real);
            return c == null ? Connections.NONE : c;
        }
    }

    /** {@code ipvsadm -L -n}. */
    public static String list(IpvsTable table) {
        return list(table, Extras.NONE);
    }

    /** {@code ipvsadm -L -n}, with connection counts and extra columns from {@code extras}. */
    public static String list(IpvsTable table, Extras extras) {
        StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
        sb.append("Prot LocalAddress:Port Scheduler Flags\n");
        sb.append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
        if (!extras.title().isEmpty()) {
            sb.append(' ').append(extras.title());
        }
        sb.append('\n');
        for (IpvsTable.Entry e : ListingOrder.services(table.services().values())) {
            ServiceKey key = e.service().key();
            sb.append(serviceLine(e.service())).append('\n');
            for (IpvsDestination d : ListingOrder.destinations(e.destinations().values())) {
                Connections c = extras.connections().of(key, d.endpoint());
                // "  -> %-28s %-7s %-6d %-10u %-10u\n"
                sb.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d", realName(d.endpoint()),
                        forwardName(d.forwarding()), d.weight(), c.active(), c.inactive()));
                String suffix = extras.columns().suffix(key, d);
                sb.append(suffix == null ? "" : suffix).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * {@code ipvsadm -L -n --stats --exact} ({@code rate} false) or {@code --rate --exact}
     * ({@code rate} true) from {@code stats}, each real followed by {@code extras}' columns.
     */
    public static String listStatistics(IpvsStatistics stats, boolean rate, Extras extras) {
        StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
        // "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n"
        sb.append(rate ? String.format("%-33s %8s %8s %8s %8s %8s", "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS")
                : String.format("%-33s %8s %8s %8s %8s %8s", "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"));
        sb.append('\n').append("  -> RemoteAddress:Port");
        if (!extras.title().isEmpty()) {
            sb.append(String.format("%54s%s", "", extras.title()));
        }
        sb.append('\n');
        for (IpvsTable.Entry e : ListingOrder.services(stats.table().services().values())) {
            ServiceKey key = e.service().key();
            sb.append(String.format("%-33s", serviceName(key))).append(counters(stats.service(key), rate)).append('\n');
            for (IpvsDestination d : ListingOrder.destinations(e.destinations().values())) {
                sb.append(String.format("  -> %-28s", realName(d.endpoint()))).append(counters(stats.destination(key, d.endpoint()), rate));
                String suffix = extras.columns().suffix(key, d);
                sb.append(suffix == null ? "" : suffix).append('\n');
            }
        }
        return sb.toString();
    }

    private static String counters(IpvsCounters c, boolean rate) {
        return rate
                ? String.format(" %8d %8d %8d %8d %8d", c.connectionsPerSecond(), c.packetsInPerSecond(), c.packetsOutPerSecond(),
                        c.bytesInPerSecond(), c.bytesOutPerSecond())
                : String.format(" %8d %8d %8d %8d %8d", c.connections(), c.packetsIn(), c.packetsOut(), c.bytesIn(), c.bytesOut());
    }

    /** {@code ipvsadm -L -n --thresholds}. */
    public static String listThresholds(IpvsTable table) {
        return listThresholds(table, ConnectionCounts.NONE);
    }

    /** {@code ipvsadm -L -n --thresholds} with the given connection counts. */
    public static String listThresholds(IpvsTable table, ConnectionCounts connections) {
        StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
        // "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n"
        sb.append(String.format("%-33s %-10s %-10s %-10s %-10s", "Prot LocalAddress:Port",
                "Uthreshold", "Lthreshold", "ActiveConn", "InActConn")).append('\n');
        sb.append("  -> RemoteAddress:Port\n");
        for (IpvsTable.Entry e : ListingOrder.services(table.services().values())) {
            sb.append(serviceLine(e.service())).append('\n');
            for (IpvsDestination d : ListingOrder.destinations(e.destinations().values())) {
                Connections c = connections.of(e.service().key(), d.endpoint());
                // "  -> %-28s %-10u %-10u %-10u %-10u\n"
                sb.append(String.format("  -> %-28s %-10s %-10s %-10d %-10d", realName(d.endpoint()),
                        Integer.toUnsignedString(d.upperThreshold()), Integer.toUnsignedString(d.lowerThreshold()),
                        c.active(), c.inactive())).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * {@code ipvsadm -S -n}: {@code -A <svc> -s <sched>[ -p <t>[ -M <mask>]][ -o][ -b <flags>]} and
     * {@code -a <svc> -r <real> <fwd> -w <w>}; tunnel reals get {@code --tun-type ipip}, a
     * {@code Local} real is saved as {@code -g}, and thresholds are not saved at all.
     */
    public static String save(IpvsTable table) {
        StringBuilder sb = new StringBuilder();
        for (IpvsTable.Entry e : ListingOrder.services(table.services().values())) {
            IpvsService s = e.service();
            String svc = s.key().ipvsadmArgs();
            sb.append("-A ").append(svc).append(" -s ").append(s.scheduler());
            if (s.persistence().isPresent()) {
                sb.append(" -p ").append(Integer.toUnsignedString(s.persistence().getAsInt()));
                shownNetmask(s).ifPresent(m -> sb.append(" -M ").append(m));
            }
            if (s.onePacket()) {
                sb.append(" -o");
            }
            shownFlags(s).ifPresent(f -> sb.append(" -b ").append(f));
            sb.append('\n');
            for (IpvsDestination d : ListingOrder.destinations(e.destinations().values())) {
                Forwarding f = d.forwarding() == null ? Forwarding.GATE : d.forwarding();  // fwd_switch(): Local → -g
                sb.append("-a ").append(svc).append(" -r ").append(d.endpoint()).append(' ')
                        .append(f.ipvsadmSwitch()).append(" -w ").append(d.weight());
                if (f == Forwarding.IPIP) {
                    sb.append(" --tun-type ipip");   // print_tunnel_rule(), tun_type 0 = ipip
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Reads {@code ipvsadm -L -n} output; thresholds are 0 because that layout does not show them. */
    public static Parsed parseList(String text) throws IpvsException {
        return ListingParser.parseList(text);
    }

    /** Reads {@code ipvsadm -L -n} and {@code ipvsadm -L -n --thresholds} output taken one after the other. */
    public static Parsed parseList(String list, String thresholds) throws IpvsException {
        return ListingParser.merge(ListingParser.parseList(list), ListingParser.parseThresholds(thresholds));
    }

    /** Reads {@code ipvsadm -S -n} output (which has no thresholds and shows a Local real as {@code -g}). */
    public static IpvsTable parseSave(String text) throws IpvsException {
        return ListingParser.parseSave(text);
    }

    /** print_service_entry() without FMT_RULE: {@code "%s %s"} of the name and scheduler, then the flags. */
    static String serviceLine(IpvsService s) {
        StringBuilder sb = new StringBuilder(serviceName(s.key())).append(' ').append(s.scheduler());
        shownFlags(s).ifPresent(f -> sb.append(" (").append(f).append(')'));
        if (s.persistence().isPresent()) {
            sb.append(" persistent ").append(Integer.toUnsignedString(s.persistence().getAsInt()));
            shownNetmask(s).ifPresent(m -> sb.append(" mask ").append(m));
        }
        if (s.onePacket()) {
            sb.append(" ops");
        }
        return sb.toString();
    }

    static String serviceName(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Fwmark f -> "FWM  " + Integer.toUnsignedString(f.mark()) + (f.ipv6() ? " IPv6" : "");
            case ServiceKey.Address a -> {
                String name = String.format("%-4s %s", a.protocol().listName(), a.endpoint());
                // "if (se->af != AF_INET6) svc_name[33] = '\0';"
                yield !a.isIpv6() && name.length() > 33 ? name.substring(0, 33) : name;
            }
        };
    }

    private static String realName(Endpoint e) {
        String name = e.toString();
        // "if (!(format & FMT_RULE) && (e->af != AF_INET6)) dname[28] = '\0';"
        return !e.isIpv6() && name.length() > 28 ? name.substring(0, 28) : name;
    }

    static String forwardName(Forwarding f) {
        return f == null ? "Local" : f.listName();
    }

    private static Optional<String> shownNetmask(IpvsService s) {
        return s.netmask().flatMap(m -> IpvsadmValues.shownNetmask(s.key(), m));
    }

    private static Optional<String> shownFlags(IpvsService s) {
        return s.schedFlags().map(f -> SchedulerFlags.shownLeniently(s.scheduler(), f)).filter(f -> !f.isEmpty());
    }
}
