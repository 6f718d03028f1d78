package org.ldirector.failover.heartbeat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads haresources: {@code node resource…}, where a resource is {@code IPaddr::ip/prefix/dev[/bcast]},
 * {@code IPaddr2::…}, {@code IPv6addr::…}, a bare address ({@code ip[/prefix[/dev]]}), {@code ldirectord[::cfg]} or
 * {@code LVSSyncDaemonSwap::master::iface[::syncid]}. ldirector has one active director, so every line must name the
 * same preferred node; their resources are concatenated.
 */
public final class HaResourcesReader {

    private static final String SUPPORTED =
            "IPaddr, IPaddr2, IPv6addr, a bare IP address, ldirectord, LVSSyncDaemonSwap";

    private final Path file;

    private HaResourcesReader(Path file) {
        this.file = file;
    }

    public static HaResources read(Path file) throws HeartbeatFileException {
        return new HaResourcesReader(file).parse(HeartbeatLines.read(file, "haresources"));
    }

    private HaResources parse(List<HeartbeatLines.Line> lines) throws HeartbeatFileException {
        if (lines.isEmpty()) {
            throw new HeartbeatFileException(file + ": no resource line: write 'node1 IPaddr2::10.0.0.100/24/eth0'");
        }
        String node = null;
        List<Resource> resources = new ArrayList<>();
        for (HeartbeatLines.Line line : lines) {
            String lineNode = line.words().get(0).toLowerCase(Locale.ROOT);
            if (node != null && !node.equals(lineNode)) {
                throw HeartbeatFileException.at(file, line.number(), "resources for node " + lineNode
                        + ", but an earlier line gave them to " + node
                        + ": ldirector has one active director, so every line must name the same preferred node");
            }
            node = lineNode;
            for (String word : line.words().subList(1, line.words().size())) {
                resources.add(resource(line.number(), word));
            }
        }
        return new HaResources(file, node, resources);
    }

    private Resource resource(int line, String word) throws HeartbeatFileException {
        String first = word.split("/", -1)[0];
        if (IpLiterals.parse(first).isPresent()) {
            return virtualIp(line, word, word, false);
        }
        int sep = word.indexOf("::");
        String name = sep < 0 ? word : word.substring(0, sep);
        String args = sep < 0 ? "" : word.substring(sep + 2);
        return switch (name) {
            case "IPaddr" -> virtualIp(line, word, args, true);
            case "IPaddr2", "IPv6addr" -> virtualIp(line, word, args, false);
            case "ldirectord" -> new LdirectordResource(args.isEmpty() ? Optional.empty() : Optional.of(args), word);
            case "LVSSyncDaemonSwap" -> syncDaemon(line, word, args);
            default -> throw HeartbeatFileException.at(file, line, "resource '" + name
                    + "' is not supported by ldirector (supported: " + SUPPORTED + ")");
        };
    }

    private VirtualIp virtualIp(int line, String word, String arg, boolean ipv4Only) throws HeartbeatFileException {
        String[] parts = arg.split("/", -1);
        Optional<InetAddress> address = IpLiterals.parse(parts[0]);
        if (address.isEmpty()) {
            throw HeartbeatFileException.at(file, line, "'" + word + "': '" + parts[0]
                    + "' is not an IP address (expected ip/prefix/dev, e.g. 10.0.0.100/24/eth0)");
        }
        boolean v6 = address.get().getAddress().length == 16;
        if (ipv4Only && v6) {
            throw HeartbeatFileException.at(file, line, "'" + word + "': IPaddr is IPv4 only; use IPaddr2 or IPv6addr");
        }
        if (parts.length > 4 || (v6 && parts.length > 3)) {
            throw HeartbeatFileException.at(file, line, "'" + word + "': too many fields (expected "
                    + (v6 ? "ip/prefix/dev" : "ip/prefix/dev/broadcast") + ")");
        }
        OptionalInt prefix = parts.length > 1 && !parts[1].isEmpty()
                ? OptionalInt.of(prefix(line, word, parts[1], v6 ? 128 : 32)) : OptionalInt.empty();
        Optional<String> dev = parts.length > 2 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
        if (dev.isPresent() && !dev.get().matches("[A-Za-z0-9_.:@-]{1,15}")) {
            throw HeartbeatFileException.at(file, line, "'" + word + "': '" + dev.get() + "' is not an interface name");
        }
        Optional<InetAddress> broadcast = Optional.empty();
        if (parts.length > 3 && !parts[3].isEmpty()) {
            broadcast = IpLiterals.parse(parts[3]).filter(a -> a.getAddress().length == 4);
            if (broadcast.isEmpty()) {
                throw HeartbeatFileException.at(file, line, "'" + word + "': broadcast '" + parts[3]
                        + "' is not an IPv4 address");
            }
        }
        return new VirtualIp(address.get(), prefix, dev, broadcast, word);
    }

    private int prefix(int line, String word, String text, int max) throws HeartbeatFileException {
        if (text.matches("\\d{1,3}") && Integer.parseInt(text) <= max) {
            return Integer.parseInt(text);
        }
        Optional<InetAddress> mask = max == 32 ? IpLiterals.parse(text) : Optional.empty();
        if (mask.isPresent()) {
            int bits = 0;
            for (byte b : mask.get().getAddress()) {
                bits = (bits << 8) | (b & 0xff);
            }
            int len = Integer.bitCount(bits);
            if (len == 32 || bits == (int) (0xffffffffL << (32 - len))) {
                return len;
            }
        }
        throw HeartbeatFileException.at(file, line, "'" + word + "': '" + text + "' is not a prefix length (0-" + max
                + (max == 32 ? ") or netmask" : ")"));
    }

    private SyncDaemon syncDaemon(int line, String word, String args) throws HeartbeatFileException {
        String[] parts = args.split("::", -1);
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("master") || parts[1].isEmpty()) {
            throw HeartbeatFileException.at(file, line, "'" + word
                    + "': expected LVSSyncDaemonSwap::master::<interface>[::<syncid>]");
        }
        OptionalInt syncId = OptionalInt.empty();
        if (parts.length == 3) {
            if (!parts[2].matches("\\d{1,3}") || Integer.parseInt(parts[2]) > 255) {
                throw HeartbeatFileException.at(file, line, "'" + word + "': syncid must be 0-255, not '"
                        + parts[2] + "'");
            }
            syncId = OptionalInt.of(Integer.parseInt(parts[2]));
        }
        return new SyncDaemon(parts[1], syncId, word);
    }
}
