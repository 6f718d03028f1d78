package org.ldirector.director.ipvs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ipvsadm 1.31's {@code -L -n --stats --exact} and {@code -L -n --rate --exact} output:
 * five numbers per service and per real ({@code print_service_entry()} prints the name with
 * {@code "%-33s"} or {@code "  -> %-28s"}, then {@code print_largenum()} with {@code FMT_EXACT},
 * which always leaves a blank before each number). Services of protocols we do not model (SCTP)
 * are skipped with their reals, as {@link ListingParser} does.
 */
final class StatisticsParser {

    private static final String FIVE = " +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) *$";
    private static final Pattern ADDRESS_SERVICE = Pattern.compile("^(TCP|UDP) +(\\S+)" + FIVE);
    private static final Pattern FWMARK_SERVICE = Pattern.compile("^FWM +(\\d+)( IPv6)?" + FIVE);
    private static final Pattern REAL = Pattern.compile("^  -> (\\S+)" + FIVE);

    private StatisticsParser() {
    }

    /** The five columns of every service and real of one listing. */
    record Columns(Map<ServiceKey, long[]> services, Map<ServiceKey, Map<Endpoint, long[]>> destinations) {
    }

    /** A service line of these layouts: its key and its five numbers. */
    private record ServiceLine(ServiceKey key, long[] values) {
    }

    static Columns parse(String text, String what) throws IpvsException {
        Map<ServiceKey, long[]> services = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, long[]>> dests = new LinkedHashMap<>();
        ListingParser.walk(text, what, StatisticsParser::service, REAL,
                (service, m) -> dests.get(service.key()).put(Endpoint.parse(m.group(1)), numbers(m, 2)),
                service -> {
                    services.put(service.key(), service.values());
                    dests.put(service.key(), new LinkedHashMap<>());
                });
        return new Columns(services, dests);
    }

    private static ServiceLine service(String line) {
        Matcher a = ADDRESS_SERVICE.matcher(line);
        if (a.matches()) {
            ServiceKey.Protocol p = a.group(1).equals("TCP") ? ServiceKey.Protocol.TCP : ServiceKey.Protocol.UDP;
            return new ServiceLine(new ServiceKey.Address(p, Endpoint.parse(a.group(2))), numbers(a, 3));
        }
        Matcher f = FWMARK_SERVICE.matcher(line);
        if (f.matches()) {
            return new ServiceLine(new ServiceKey.Fwmark(Integer.parseUnsignedInt(f.group(1)), f.group(2) != null),
                    numbers(f, 3));
        }
        throw new IllegalArgumentException("not a service line");
    }

    private static long[] numbers(Matcher m, int first) {
        long[] v = new long[5];
        for (int i = 0; i < 5; i++) {
            v[i] = Long.parseUnsignedLong(m.group(first + i));
        }
        return v;
    }

    /**
     * The counters of {@code parsed}'s table from its connection counts and the two listings.
     *
     * @throws ListingParser.ListingsDisagree when a listing shows other services or reals than the table
     */
    static IpvsStatistics combine(IpvsListing.Parsed parsed, Columns stats, Columns rates) throws IpvsException {
        IpvsTable table = parsed.table();
        for (Columns c : new Columns[] {stats, rates}) {
            if (!c.services().keySet().equals(table.services().keySet())) {
                throw new ListingParser.ListingsDisagree("the services of ipvsadm -L -n and its --stats/--rate listings differ");
            }
        }
        Map<ServiceKey, IpvsCounters> services = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, IpvsCounters>> destinations = new LinkedHashMap<>();
        for (IpvsTable.Entry e : table.services().values()) {
            ServiceKey key = e.service().key();
            if (!stats.destinations().get(key).keySet().equals(e.destinations().keySet())
                    || !rates.destinations().get(key).keySet().equals(e.destinations().keySet())) {
                throw new ListingParser.ListingsDisagree("the reals of " + key + " in ipvsadm -L -n and its --stats/--rate listings differ");
            }
            Map<Endpoint, IpvsCounters> perReal = new LinkedHashMap<>();
            long active = 0;
            long inactive = 0;
            for (Endpoint ep : e.destinations().keySet()) {
                IpvsListing.Connections c = parsed.of(key, ep);
                active += c.active();
                inactive += c.inactive();
                perReal.put(ep, counters(c.active(), c.inactive(), stats.destinations().get(key).get(ep),
                        rates.destinations().get(key).get(ep)));
            }
            services.put(key, counters(active, inactive, stats.services().get(key), rates.services().get(key)));
            destinations.put(key, Map.copyOf(perReal));
        }
        return new IpvsStatistics(table, services, destinations);
    }

    private static IpvsCounters counters(long active, long inactive, long[] s, long[] r) {
        return new IpvsCounters(active, inactive, s[0], s[1], s[2], s[3], s[4], r[0], r[1], r[2], r[3], r[4]);
    }
}
