package org.ldirector.director.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the VIP come and go with {@code ip -ts -o monitor address} in every director namespace and the client's
 * neighbour entry for it with {@code ip -ts -o monitor neigh}: the kernel reports each change as it happens, with a
 * microsecond wall-clock stamp, so a short double hold or the exact moment a gratuitous ARP moved the client is seen,
 * which polling {@code ip addr} would miss.
 */
final class LinkMonitor implements AutoCloseable {

    private static final Pattern STAMP =
            Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\] (.*)$");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    /** The VIP was added to ({@code up}) or deleted from director {@code node}'s eth0. */
    record VipEvent(Instant at, int node, boolean up) {
    }

    /** The client's neighbour entry for the VIP now has {@code mac}. */
    record NeighbourEvent(Instant at, String mac, String line) {
    }

    private final ClusterTopology topology;
    private final List<Process> monitors = new ArrayList<>();
    private final List<VipEvent> vipEvents = new CopyOnWriteArrayList<>();
    private final List<NeighbourEvent> neighbourEvents = new CopyOnWriteArrayList<>();
    private final Map<Integer, Boolean> initial = new HashMap<>();

    LinkMonitor(ClusterTopology topology) throws IOException {
        this.topology = topology;
        for (int i = 1; i <= topology.directorCount(); i++) {
            int node = i;
            start(List.of("ip", "-ts", "-o", "-n", topology.director(i), "monitor", "address"), line -> {
                Matcher m = STAMP.matcher(line);
                if (m.matches() && m.group(2).contains(" inet " + ClusterTopology.VIP + "/")) {
                    vipEvents.add(new VipEvent(parse(m.group(1)), node, !m.group(2).startsWith("Deleted")));
                }
            });
        }
        start(List.of("ip", "-ts", "-o", "-n", topology.client, "monitor", "neigh"), line -> {
            Matcher m = STAMP.matcher(line);
            if (m.matches() && m.group(2).startsWith(ClusterTopology.VIP + " ")) {
                Matcher mac = LLADDR.matcher(m.group(2));
                if (mac.find()) {
                    neighbourEvents.add(new NeighbourEvent(parse(m.group(1)), mac.group(1), m.group(2)));
                }
            }
        });
        // Let the monitors subscribe before anything happens, then take the state they start from.
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 1; i <= topology.directorCount(); i++) {
            initial.put(i, topology.holdsVip(i));
        }
    }

    private void start(List<String> cmd, java.util.function.Consumer<String> onLine) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        monitors.add(p);
        Thread.ofPlatform().daemon().name("monitor " + cmd.get(4)).start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // monitor closed
            }
        });
    }

    private static Instant parse(String stamp) {
        return LocalDateTime.parse(stamp).atZone(ZoneId.systemDefault()).toInstant();
    }

    List<VipEvent> vipEvents() {
        return vipEvents.stream().sorted(Comparator.comparing(VipEvent::at)).toList();
    }

    List<NeighbourEvent> neighbourEvents() {
        return List.copyOf(neighbourEvents);
    }

    /** The first time at or after {@code since} that director {@code node} added the VIP. */
    Optional<Instant> added(int node, Instant since) {
        return vipEvents().stream().filter(e -> e.node() == node && e.up() && !e.at().isBefore(since))
                .map(VipEvent::at).findFirst();
    }

    /** The first time at or after {@code since} that director {@code node} removed the VIP. */
    Optional<Instant> removed(int node, Instant since) {
        return vipEvents().stream().filter(e -> e.node() == node && !e.up() && !e.at().isBefore(since))
                .map(VipEvent::at).findFirst();
    }

    /** The first time at or after {@code since} that the client's entry for the VIP got {@code mac}. */
    Optional<Instant> neighbourMoved(String mac, Instant since) {
        return neighbourEvents.stream().filter(e -> e.mac().equals(mac) && !e.at().isBefore(since))
                .map(NeighbourEvent::at).min(Comparator.naturalOrder());
    }

    /**
     * The periods at or after {@code since} during which more than one director held the VIP, replayed from the
     * events (each as "from → to (ms) nodes").
     */
    List<String> doubleHolds(Instant since) {
        Map<Integer, Boolean> holds = new HashMap<>(initial);
        List<String> out = new ArrayList<>();
        Instant overlapStart = null;
        String who = "";
        for (VipEvent e : vipEvents()) {
            holds.put(e.node(), e.up());
            long n = holds.values().stream().filter(b -> b).count();
            if (n > 1 && overlapStart == null) {
                overlapStart = e.at();
                who = holds.toString();
            } else if (n <= 1 && overlapStart != null) {
                if (e.at().isAfter(since)) {
                    out.add(overlapStart + " → " + e.at() + " (" + (e.at().toEpochMilli() - overlapStart.toEpochMilli())
                            + " ms) " + who);
                }
                overlapStart = null;
            }
        }
        if (overlapStart != null) {
            out.add(overlapStart + " → (still) " + who);
        }
        return out;
    }

    String describe() {
        StringBuilder sb = new StringBuilder("VIP events (initial " + initial + "):\n");
        vipEvents().forEach(e -> sb.append("  ").append(e).append('\n'));
        sb.append("client neighbour events:\n");
        neighbourEvents.forEach(e -> sb.append("  ").append(e.at()).append(' ').append(e.line()).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        monitors.forEach(Process::destroy);
    }
}
