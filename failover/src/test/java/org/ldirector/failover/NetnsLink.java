package org.ldirector.failover;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A link built from network namespaces for tests: a client namespace holding a bridge, and director namespaces each
 * wired to it by a veth pair (their side named eth0). Addresses 10.231.N.0/24 and fd00:231:N::/64, never routed
 * anywhere. Names carry the test JVM's pid; {@link #close()} deletes the namespaces, which deletes their links.
 */
final class NetnsLink implements AutoCloseable {

    final String client;
    final List<String> directors = new ArrayList<>();
    final String net4;
    final String net6;

    NetnsLink(int subnet, int directorCount) throws IOException {
        String tag = "ldf" + ProcessHandle.current().pid() + "s" + subnet;
        this.client = tag + "c";
        this.net4 = "10.231." + subnet + ".";
        this.net6 = "fd00:231:" + subnet + "::";
        try {
            Sh.ok("ip", "netns", "add", client);
            Sh.ok("ip", "-n", client, "link", "add", "br0", "type", "bridge");
            Sh.ok("ip", "-n", client, "link", "set", "br0", "up");
            Sh.ok("ip", "-n", client, "link", "set", "lo", "up");
            Sh.ok("ip", "-n", client, "addr", "add", net4 + "9/24", "dev", "br0");
            Sh.ok("ip", "-n", client, "addr", "add", net6 + "9/64", "dev", "br0", "nodad");
            for (int i = 1; i <= directorCount; i++) {
                String ns = tag + "d" + i;
                Sh.ok("ip", "netns", "add", ns);
                directors.add(ns);
                Sh.ok("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", "p" + i, "netns",
                        client);
                Sh.ok("ip", "-n", client, "link", "set", "p" + i, "master", "br0", "up");
                Sh.ok("ip", "-n", ns, "link", "set", "lo", "up");
                Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
                Sh.ok("ip", "-n", ns, "addr", "add", net4 + i + "/24", "dev", "eth0");
                Sh.ok("ip", "-n", ns, "addr", "add", net6 + i + "/64", "dev", "eth0", "nodad");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether this machine can build such links (root, iproute2, network namespaces). */
    static boolean available() {
        return Sh.namespacesAvailable();
    }

    String mac(String ns) throws IOException {
        String out = Sh.ok("ip", "-n", ns, "-o", "link", "show", "eth0");
        return out.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
    }

    /** The client's neighbour entry for {@code ip} (its MAC), or "" when it has none. */
    String clientNeighbour(String ip) throws IOException {
        String out = Sh.ok("ip", "-n", client, "neigh", "show", ip);
        return out.contains("lladdr") ? out.replaceAll("(?s).*lladdr ([0-9a-f:]{17}).*", "$1") : "";
    }

    String addresses(String ns) throws IOException {
        return Sh.ok("ip", "-n", ns, "addr", "show", "dev", "eth0");
    }

    boolean clientPings(String ip) throws IOException {
        return Sh.run("ip", "netns", "exec", client, "ping", "-n", "-q", "-c", "1", "-W", "1", ip).ok();
    }

    @Override
    public void close() {
        for (String ns : directors) {
            Sh.quietly("ip", "netns", "del", ns);
        }
        Sh.quietly("ip", "netns", "del", client);
    }
}
