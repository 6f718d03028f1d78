package org.ldirector.bench.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's network, a small copy of the cluster tests' topology
 * ({@code director/src/test/java/org/ldirector/director/cluster/ClusterTopology} and {@code LinkMonitor}): a switch
 * namespace with bridge {@code br0} (10.77.0.1), two director namespaces (10.77.0.11, .12) and a client (10.77.0.9),
 * each on a veth pair ({@code eth0} on the host side, {@code d1}/{@code d2}/{@code cl} on the switch). Nothing is
 * routed anywhere. It also watches the VIP with {@code ip -ts -o monitor address} in each director and the client's
 * neighbour entry with {@code ip -ts -o monitor neigh}: kernel events with microsecond wall-clock stamps.
 */
final class Lab implements AutoCloseable {

    static final String SUBNET = "10.77.0.";
    static final String CLIENT = SUBNET + "9";
    static final String VIP = SUBNET + "100";
    private static final Pattern STAMP =
            Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\] (.*)$");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    /** A change seen by a monitor: the VIP added/removed on director {@code node} (1, 2), or the client's entry (0). */
    record Event(Instant at, int node, boolean up, String mac) {
    }

    final String prefix = "lb" + Long.toString(ProcessHandle.current().pid(), 36);
    final String sw = prefix + "sw";
    final String client = prefix + "cl";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> monitors = new ArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    Lab() throws IOException {
        try {
            namespace(sw);
            ok("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            ok("ip", "-n", sw, "link", "set", "br0", "up");
            ok("ip", "-n", sw, "addr", "add", SUBNET + "1/24", "dev", "br0");
            plug(client, "cl", CLIENT);
            for (int i = 1; i <= 2; i++) {
                plug(director(i), "d" + i, address(i));
            }
            for (int i = 1; i <= 2; i++) {
                int node = i;
                watch(List.of("ip", "-ts", "-o", "-n", director(i), "monitor", "address"), (at, text) -> {
                    if (text.contains(" inet " + VIP + "/")) {
                        events.add(new Event(at, node, !text.startsWith("Deleted"), ""));
                    }
                });
            }
            watch(List.of("ip", "-ts", "-o", "-n", client, "monitor", "neigh"), (at, text) -> {
                Matcher m = LLADDR.matcher(text);
                if (text.startsWith(VIP + " ") && m.find()) {
                    events.add(new Event(at, 0, true, m.group(1)));
                }
            });
            Thread.sleep(200); // the monitors subscribe
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException(e);
        }
    }

    String director(int i) {
        return prefix + "d" + i;
    }

    static String address(int i) {
        return SUBNET + (10 + i);
    }

    private void namespace(String ns) throws IOException {
        ok("ip", "netns", "add", ns);
        namespaces.add(ns);
        ok("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private void plug(String ns, String port, String addr) throws IOException {
        namespace(ns);
        ok("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", sw);
        ok("ip", "-n", sw, "link", "set", port, "master", "br0", "up");
        ok("ip", "-n", ns, "link", "set", "eth0", "up");
        ok("ip", "-n", ns, "addr", "add", addr + "/24", "dev", "eth0");
    }

    private void watch(List<String> cmd, java.util.function.BiConsumer<Instant, String> onEvent) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        monitors.add(p);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = STAMP.matcher(line);
                    if (m.matches()) {
                        onEvent.accept(LocalDateTime.parse(m.group(1)).atZone(ZoneId.systemDefault()).toInstant(),
                                m.group(2));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    /** When director {@code node} added ({@code up}) or removed the VIP, first at or after {@code since}. */
    Optional<Instant> vip(int node, boolean up, Instant since) {
        return events.stream().filter(e -> e.node() == node && e.up() == up && !e.at().isBefore(since))
                .map(Event::at).min(Instant::compareTo);
    }

    /** When the client's neighbour entry for the VIP got {@code mac}, first at or after {@code since}. */
    Optional<Instant> neighbour(String mac, Instant since) {
        return events.stream().filter(e -> e.node() == 0 && e.mac().equals(mac) && !e.at().isBefore(since))
                .map(Event::at).min(Instant::compareTo);
    }

    void cut(int i) throws IOException {
        ok("ip", "-n", sw, "link", "set", "d" + i, "down");
    }

    void heal(int i) throws IOException {
        ok("ip", "-n", sw, "link", "set", "d" + i, "up");
    }

    boolean holdsVip(int i) throws IOException {
        return ok("ip", "-n", director(i), "-o", "-4", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    String mac(int i) throws IOException {
        return ok("ip", "-n", director(i), "-o", "link", "show", "eth0")
                .replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
    }

    String clientNeighbour() throws IOException {
        String out = ok("ip", "-n", client, "neigh", "show", VIP, "dev", "eth0");
        return out.contains("lladdr") ? out.replaceAll("(?s).*lladdr ([0-9a-f:]{17}).*", "$1") : "";
    }

    boolean clientPings(String ip) throws IOException {
        return run("ip", "netns", "exec", client, "ping", "-n", "-q", "-c", "1", "-W", "1", ip).exit == 0;
    }

    record Result(int exit, String output) {
    }

    static Result run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String ok(String... cmd) throws IOException {
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new IOException(String.join(" ", cmd) + " (exit " + r.exit + "): " + r.output.strip());
        }
        return r.output;
    }

    @Override
    public void close() {
        monitors.forEach(Process::destroy);
        for (String ns : namespaces.reversed()) {
            try {
                for (String pid : run("ip", "netns", "pids", ns).output().split("\\s+")) {
                    if (pid.matches("\\d+")) {
                        run("kill", "-KILL", pid); // something we started and left behind there
                    }
                }
                run("ip", "netns", "del", ns);
            } catch (IOException e) {
                // best effort
            }
        }
        namespaces.clear();
    }
}
