package org.ldirector.director.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ldirector.failover.Sh;

/**
 * A switch and its hosts, built from network namespaces: a "switch" namespace holding bridge {@code br0}
 * ({@value #BRIDGE}), N director namespaces and a client namespace ({@value #CLIENT}), each plugged into the bridge
 * with a veth pair whose host side is {@code eth0} and whose switch side is named after the host ({@code d1},
 * {@code d2}, …, {@code cl}). Director i has {@code 10.77.0.(10+i)}. Nothing is routed anywhere: the namespaces
 * have no other links. Names carry this JVM's pid and a counter, so parallel runs do not collide; {@link #close()}
 * deletes the namespaces, which deletes their links.
 */
final class ClusterTopology implements AutoCloseable {

    static final String SUBNET = "10.77.0.";
    static final String BRIDGE = SUBNET + "1";
    static final String CLIENT = SUBNET + "9";
    static final String VIP = SUBNET + "100";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String prefix;
    final String sw;
    final String client;
    private final List<String> directors = new ArrayList<>();

    ClusterTopology(int directorCount) throws IOException {
        this.prefix = "lc" + Long.toString(ProcessHandle.current().pid(), 36) + "x" + COUNTER.incrementAndGet();
        this.sw = prefix + "sw";
        this.client = prefix + "cl";
        try {
            addNamespace(sw);
            Sh.ok("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            Sh.ok("ip", "-n", sw, "link", "set", "br0", "up");
            Sh.ok("ip", "-n", sw, "addr", "add", BRIDGE + "/24", "dev", "br0");
            plug(client, "cl", CLIENT);
            for (int i = 1; i <= directorCount; i++) {
                directors.add(prefix + "d" + i);
                plug(prefix + "d" + i, "d" + i, directorAddress(i));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether this machine can build such a topology (root, iproute2 with netns). */
    static boolean available() {
        return Sh.namespacesAvailable();
    }

    static String directorAddress(int i) {
        return SUBNET + (10 + i);
    }

    private static void addNamespace(String ns) throws IOException {
        Sh.ok("ip", "netns", "add", ns);
        Sh.ok("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private void plug(String ns, String port, String address) throws IOException {
        addNamespace(ns);
        Sh.ok("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", sw);
        Sh.ok("ip", "-n", sw, "link", "set", port, "master", "br0", "up");
        Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
        Sh.ok("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    }

    /** The namespace of director {@code i} (1-based). */
    String director(int i) {
        return directors.get(i - 1);
    }

    int directorCount() {
        return directors.size();
    }

    /** Pulls director i's cable: its switch port goes down (the director sees NO-CARRIER). */
    void cut(int i) throws IOException {
        Sh.ok("ip", "-n", sw, "link", "set", "d" + i, "down");
    }

    void heal(int i) throws IOException {
        Sh.ok("ip", "-n", sw, "link", "set", "d" + i, "up");
    }

    /** Whether director i's eth0 carries the VIP. */
    boolean holdsVip(int i) throws IOException {
        return Sh.ok("ip", "-n", director(i), "-o", "-4", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    /** The directors (1-based) whose eth0 carries the VIP. */
    List<Integer> vipHolders() throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= directors.size(); i++) {
            if (holdsVip(i)) {
                out.add(i);
            }
        }
        return out;
    }

    String mac(int i) throws IOException {
        return Sh.ok("ip", "-n", director(i), "-o", "link", "show", "eth0")
                .replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
    }

    /** The MAC the client's neighbour table has for the VIP, or "" without an entry. */
    String clientNeighbour() throws IOException {
        String out = Sh.ok("ip", "-n", client, "neigh", "show", VIP, "dev", "eth0");
        return out.contains("lladdr") ? out.replaceAll("(?s).*lladdr ([0-9a-f:]{17}).*", "$1") : "";
    }

    /** Pings {@code ip} once from the client (creates the client's neighbour entry for it). */
    boolean clientPings(String ip) throws IOException {
        return Sh.run("ip", "netns", "exec", client, "ping", "-n", "-q", "-c", "1", "-W", "1", ip).ok();
    }

    /** Back to a clean link between tests: every port up, no VIP anywhere, no neighbour entries at the client. */
    void reset() {
        for (int i = 1; i <= directors.size(); i++) {
            Sh.quietly("ip", "-n", sw, "link", "set", "d" + i, "up");
            Sh.quietly("ip", "-n", director(i), "addr", "del", VIP + "/24", "dev", "eth0");
        }
        Sh.quietly("ip", "-n", client, "neigh", "flush", "dev", "eth0");
    }

    /** {@code ip -br addr} and the client's neighbours, for failure reports. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (String ns : directors) {
            sb.append(ns).append(": ").append(quiet("ip", "-n", ns, "-br", "addr", "show", "dev", "eth0"));
        }
        sb.append(client).append(" neighbours:\n").append(quiet("ip", "-n", client, "neigh", "show"));
        sb.append(sw).append(" ports:\n").append(quiet("ip", "-n", sw, "-br", "link", "show"));
        return sb.toString();
    }

    private static String quiet(String... cmd) {
        try {
            return Sh.run(cmd).output();
        } catch (IOException e) {
            return e + "\n";
        }
    }

    /** Kills whatever still runs in our namespaces (a daemon or an arping left behind), then deletes them. */
    @Override
    public void close() {
        List<String> all = new ArrayList<>(directors);
        all.add(client);
        all.add(sw);
        for (String ns : all) {
            try {
                for (String pid : Sh.run("ip", "netns", "pids", ns).output().split("\\s+")) {
                    if (pid.matches("\\d+")) {
                        Sh.quietly("kill", "-KILL", pid);
                    }
                }
            } catch (IOException e) {
                // the namespace is gone
            }
            Sh.quietly("ip", "netns", "del", ns);
        }
    }
}
