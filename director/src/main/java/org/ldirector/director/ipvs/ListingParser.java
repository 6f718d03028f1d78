package org.ldirector.director.ipvs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ipvsadm 1.31's {@code -L -n}, {@code -L -n --thresholds} and {@code -S -n} output back
 * into a table. Services of protocols we do not model (SCTP) are skipped with their reals; any
 * other line we do not understand is an error naming the line, so a format change is noticed.
 */
final class ListingParser {

    // "%-4s %s" of protocol and address, then " <sched>"; FWM  <mark>[ IPv6] <sched>
    private static final Pattern ADDRESS_SERVICE = Pattern.compile("^(TCP|UDP|SCTP) +(\\S+) (\\S+)(.*)$");
    private static final Pattern FWMARK_SERVICE = Pattern.compile("^FWM +(\\d+)( IPv6)? (\\S+)(.*)$");
    // "  -> %-28s %-7s %-6d %-10u %-10u"
    private static final Pattern REAL = Pattern.compile("^  -> (\\S+) +(\\S+) +(\\d+) +(\\d+) +(\\d+) *$");
    // "  -> %-28s %-10u %-10u %-10u %-10u"
    private static final Pattern REAL_THRESHOLDS = Pattern.compile("^  -> (\\S+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) *$");

    private ListingParser() {
    }

    /** Thrown when {@code -L -n} and {@code --thresholds}, taken one after the other, show different tables. */
    static final class ListingsDisagree extends IpvsException {
        ListingsDisagree(String message) {
            super(message);
        }
    }

    private record Thresholds(int upper, int lower) {
    }

    static IpvsListing.Parsed parseList(String text) throws IpvsException {
        Map<ServiceKey, IpvsService> services = new LinkedHashMap<>();
        Map<ServiceKey, TreeMap<Endpoint, IpvsDestination>> dests = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, IpvsListing.Connections>> connections = new LinkedHashMap<>();
        walk(text, "ipvsadm -L -n", ListingParser::service, REAL, (service, m) -> {
            Endpoint ep = Endpoint.parse(m.group(1));
            Forwarding f = Forwarding.fromListName(m.group(2));   // Local → null, as ldirectord (never matches)
            dests.get(service.key()).put(ep, new IpvsDestination(ep, f, Integer.parseInt(m.group(3)), 0, 0));
            connections.get(service.key()).put(ep, new IpvsListing.Connections(
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
        }, service -> {
            services.put(service.key(), service);
            dests.put(service.key(), new TreeMap<>());
            connections.put(service.key(), new LinkedHashMap<>());
        });
        return new IpvsListing.Parsed(table(services, dests), connections);
    }

    static Map<ServiceKey, Map<Endpoint, Thresholds>> parseThresholds(String text) throws IpvsException {
        Map<ServiceKey, Map<Endpoint, Thresholds>> result = new LinkedHashMap<>();
        walk(text, "ipvsadm -L -n --thresholds", ListingParser::service, REAL_THRESHOLDS, (service, m) ->
                result.get(service.key()).put(Endpoint.parse(m.group(1)),
                        new Thresholds(Integer.parseUnsignedInt(m.group(2)), Integer.parseUnsignedInt(m.group(3)))),
                service -> result.put(service.key(), new LinkedHashMap<>()));
        return result;
    }

    static IpvsListing.Parsed merge(IpvsListing.Parsed list, Map<ServiceKey, Map<Endpoint, Thresholds>> thresholds)
            throws ListingsDisagree {
        Map<ServiceKey, IpvsTable.Entry> merged = new LinkedHashMap<>();
        if (!list.table().services().keySet().equals(thresholds.keySet())) {
            throw new ListingsDisagree("the services of ipvsadm -L -n and -L -n --thresholds differ");
        }
        for (IpvsTable.Entry e : list.table().services().values()) {
            Map<Endpoint, Thresholds> t = thresholds.get(e.service().key());
            if (!e.destinations().keySet().equals(t.keySet())) {
                throw new ListingsDisagree("the reals of " + e.service().key() + " in ipvsadm -L -n and -L -n --thresholds differ");
            }
            TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>();
            for (IpvsDestination d : e.destinations().values()) {
                Thresholds th = t.get(d.endpoint());
                dests.put(d.endpoint(), new IpvsDestination(d.endpoint(), d.forwarding(), d.weight(), th.upper(), th.lower()));
            }
            merged.put(e.service().key(), new IpvsTable.Entry(e.service(), dests));
        }
        return new IpvsListing.Parsed(new IpvsTable(new TreeMap<>(merged)), list.connectionsByService());
    }

    static IpvsTable parseSave(String text) throws IpvsException {
        Map<ServiceKey, IpvsService> services = new LinkedHashMap<>();
        Map<ServiceKey, TreeMap<Endpoint, IpvsDestination>> dests = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            IpvsCommand c;
            try {
                c = IpvsadmLine.parse(line);
            } catch (IpvsException e) {
                throw new IpvsException("ipvsadm -S -n line " + (i + 1) + ": " + e.getMessage(), e);
            }
            switch (c) {
                case IpvsCommand.AddService a -> {
                    services.put(a.service().key(), a.service());
                    dests.putIfAbsent(a.service().key(), new TreeMap<>());
                }
                case IpvsCommand.AddDestination a -> {
                    if (!services.containsKey(a.key())) {
                        throw new IpvsException("ipvsadm -S -n line " + (i + 1) + ": real of an unknown service: " + line);
                    }
                    dests.get(a.key()).put(a.destination().endpoint(), a.destination());
                }
                default -> throw new IpvsException("ipvsadm -S -n line " + (i + 1) + ": expected -A or -a: " + line);
            }
        }
        return table(services, dests);
    }

    /**
     * Walks an {@code ipvsadm -L -n} style listing (any of its column layouts): skips the headers and
     * SCTP services with their reals, reads each service line with {@code serviceLine} and hands it to
     * {@code onService}, and each real line matching {@code real} to {@code onReal} with its service.
     * Anything else is an error naming the line.
     */
    static <S> void walk(String text, String what, Function<String, S> serviceLine, Pattern real,
                         BiConsumer<S, Matcher> onReal, Consumer<S> onService) throws IpvsException {
        String[] lines = text.split("\n");
        S current = null;
        boolean skipping = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            try {
                if (line.isBlank() || line.startsWith("IP Virtual Server version")
                        || line.startsWith("Prot LocalAddress:Port") || line.startsWith("  -> RemoteAddress:Port")) {
                    continue;
                }
                if (line.startsWith("  -> ")) {
                    if (skipping) {
                        continue;
                    }
                    Matcher m = real.matcher(line);
                    if (current == null || !m.matches()) {
                        throw new IllegalArgumentException("not a real server line");
                    }
                    onReal.accept(current, m);
                    continue;
                }
                if (line.startsWith("SCTP ")) {
                    skipping = true;     // not modelled: ldirectord has no SCTP virtuals
                    current = null;
                    continue;
                }
                current = serviceLine.apply(line);
                skipping = false;
                onService.accept(current);
            } catch (RuntimeException e) {
                throw new IpvsException(what + " output line " + (i + 1) + " not understood (" + e.getMessage()
                        + "): " + line, e);
            }
        }
    }

    /** A service line: name, scheduler, then " (flags)", " persistent N", " mask M", " pe NAME", " ops". */
    static IpvsService service(String line) {
        ServiceKey key;
        String scheduler;
        String rest;
        Matcher m = ADDRESS_SERVICE.matcher(line);
        if (m.matches()) {
            ServiceKey.Protocol p = m.group(1).equals("TCP") ? ServiceKey.Protocol.TCP : ServiceKey.Protocol.UDP;
            key = new ServiceKey.Address(p, Endpoint.parse(m.group(2)));
            scheduler = m.group(3);
            rest = m.group(4);
        } else {
            m = FWMARK_SERVICE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a service line");
            }
            key = new ServiceKey.Fwmark(Integer.parseUnsignedInt(m.group(1)), m.group(2) != null);
            scheduler = m.group(3);
            rest = m.group(4);
        }
        Optional<String> flags = Optional.empty();
        OptionalInt persistence = OptionalInt.empty();
        Optional<String> mask = Optional.empty();
        boolean ops = false;
        String[] words = rest.trim().isEmpty() ? new String[0] : rest.trim().split(" ");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("(") && w.endsWith(")") && i == 0) {
                String f = w.substring(1, w.length() - 1);
                flags = f.isEmpty() ? Optional.empty() : Optional.of(f);
            } else if (w.equals("persistent") && i + 1 < words.length) {
                persistence = OptionalInt.of(Integer.parseUnsignedInt(words[++i]));
            } else if (w.equals("mask") && i + 1 < words.length) {
                mask = Optional.of(words[++i]);
            } else if (w.equals("pe") && i + 1 < words.length) {
                i++;                 // persistence engine (sip): not modelled
            } else if (w.equals("ops")) {
                ops = true;
            } else {
                throw new IllegalArgumentException("unexpected '" + w + "'");
            }
        }
        return new IpvsService(key, scheduler, persistence, mask, flags, ops);
    }

    private static IpvsTable table(Map<ServiceKey, IpvsService> services,
                                   Map<ServiceKey, TreeMap<Endpoint, IpvsDestination>> dests) {
        TreeMap<ServiceKey, IpvsTable.Entry> entries = new TreeMap<>();
        services.forEach((k, s) -> entries.put(k, new IpvsTable.Entry(s, dests.get(k))));
        return new IpvsTable(entries);
    }
}
