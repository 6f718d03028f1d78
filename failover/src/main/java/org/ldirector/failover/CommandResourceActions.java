package org.ldirector.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.failover.heartbeat.Addresses;
import org.ldirector.failover.heartbeat.IpLiterals;
import org.ldirector.failover.heartbeat.SyncDaemon;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * The real {@link ResourceActions}: {@code ip addr}, {@code arping -U} (gratuitous ARP), the kernel's unsolicited
 * neighbour advertisement after DAD ({@code ndisc_notify}) for IPv6, {@code arping -D} / {@code ndisc6} probes,
 * the sync daemon through a {@link SyncDaemonSwitch} (the director's IPVS backend) and {@code ping}. Runs in the
 * current network namespace, or behind a command prefix such as {@code ip netns exec NAME}.
 */
public final class CommandResourceActions implements ResourceActions {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Gratuitous ARPs per takeover, one a second (Heartbeat's send_arp sends 5; keepalived 5). */
    private static final int GARP_COUNT = 3;

    private final Commands commands;
    private final SyncDaemonSwitch syncDaemon;
    /** Running gratuitous-ARP senders by address: a released address must not be announced any more. */
    private final Map<InetAddress, Process> announcers = new ConcurrentHashMap<>();
    private static final Pattern LINK_ETHER = Pattern.compile("link/ether ([0-9a-fA-F:]{17})");

    /** Commands from {@code PATH}, in this process's network namespace, without a sync daemon switch. */
    public CommandResourceActions() {
        this(List.of(), SyncDaemonSwitch.NONE);
    }

    /**
     * @param prefix     put before every command, e.g. {@code [ip, netns, exec, ns1]}
     * @param syncDaemon how the kernel's sync daemon is switched (the director's IPVS backend)
     */
    public CommandResourceActions(List<String> prefix, SyncDaemonSwitch syncDaemon) {
        this.commands = new Commands(prefix);
        this.syncDaemon = syncDaemon;
    }

    /** Commands run with {@code ip netns exec netns}, without a sync daemon switch. */
    public static CommandResourceActions inNamespace(String netns) {
        return new CommandResourceActions(List.of("ip", "netns", "exec", netns), SyncDaemonSwitch.NONE);
    }

    @Override
    public VirtualIp locate(VirtualIp vip) throws IOException {
        if (vip.isComplete()) {
            return vip;
        }
        Commands.Result r = commands.run(List.of("ip", "-o", "addr", "show"), TIMEOUT);
        if (!r.ok()) {
            throw new IOException("ip -o addr show: " + r.output());
        }
        for (String line : r.output().split("\n")) {
            // "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\ ..."
            String[] w = line.strip().split("\\s+");
            if (w.length < 4 || !(w[2].equals("inet") || w[2].equals("inet6"))) {
                continue;
            }
            String[] cidr = w[3].split("/");
            Optional<InetAddress> local = IpLiterals.parse(cidr[0]);
            if (local.isEmpty() || cidr.length != 2) {
                continue;
            }
            int len = Integer.parseInt(cidr[1]);
            String dev = w[1].replaceAll("@.*$", "");
            if (vip.device().map(dev::equals).orElse(true) && sameSubnet(vip.address(), local.get(), len)
                    && !local.get().equals(vip.address())) {
                return vip.located(len, dev);
            }
        }
        throw new IOException("no interface has a subnet holding " + Addresses.text(vip.address())
                + ": write it as ip/prefix/dev in haresources");
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addAddress(VirtualIp vip) throws IOException {
        String dev = vip.device().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of("ip", vip.isIpv6() ? "-6" : "-4", "addr", "add",
                Addresses.text(vip.address()) + "/" + vip.prefix().orElseThrow()));
        if (vip.isIpv6()) {
            // With ndisc_notify the kernel sends an unsolicited neighbour advertisement once DAD has passed.
            enableNdiscNotify(dev);
        } else if (vip.broadcast().isPresent()) {
            cmd.addAll(List.of("brd", vip.broadcast().get().getHostAddress()));
        } else if (vip.prefix().getAsInt() <= 30) {
            cmd.addAll(List.of("brd", "+"));
        }
        cmd.addAll(List.of("dev", dev));
        Commands.Result r = commands.run(cmd, TIMEOUT);
        if (!r.ok() && !r.output().contains("File exists") && !r.output().contains("already assigned")) {
            throw new IOException(String.join(" ", cmd) + ": " + r.output());
        }
    }

    @Override
    public void removeAddress(VirtualIp vip) throws IOException {
        Process announcer = announcers.remove(vip.address());
        if (announcer != null) {
            announcer.destroy();
        }
        List<String> cmd = List.of("ip", vip.isIpv6() ? "-6" : "-4", "addr", "del",
                Addresses.text(vip.address()) + "/" + vip.prefix().orElseThrow(), "dev", vip.device().orElseThrow());
        Commands.Result r = commands.run(cmd, TIMEOUT);
        // iproute2 says "Address not found" (extended ack) or "Cannot assign requested address" (errno).
        if (!r.ok() && !r.output().contains("Cannot assign requested address")
                && !r.output().contains("Address not found") && !r.output().contains("Cannot find device")) {
            throw new IOException(String.join(" ", cmd) + ": " + r.output());
        }
    }

    @Override
    public void announce(VirtualIp vip) throws IOException {
        if (vip.isIpv6()) {
            advertiseAgain(vip);
            return;
        }
        // Not waited for: the first packet leaves at once, the rest follow a second apart.
        Process p = commands.start(List.of("arping", "-q", "-U", "-c", Integer.toString(GARP_COUNT), "-I",
                vip.device().orElseThrow(), Addresses.text(vip.address())), Duration.ofSeconds(GARP_COUNT + 2));
        Process old = announcers.put(vip.address(), p);
        if (old != null) {
            old.destroy();
        }
        p.onExit().thenRun(() -> announcers.remove(vip.address(), p));
    }

    /**
     * IPv6 has no {@code arping -U}. With {@code ndisc_notify} the kernel sends an unsolicited neighbour
     * advertisement when an address passes DAD (takeover: nothing to do here while it is tentative) and, for
     * every address of the interface, when the interface's link-layer address is set — to the one it has,
     * here, which changes nothing else. That re-announces an address held already (after a partition healed).
     */
    private void advertiseAgain(VirtualIp vip) throws IOException {
        String dev = vip.device().orElseThrow();
        Commands.Result shown = commands.run(List.of("ip", "-6", "addr", "show", "dev", dev, "to",
                Addresses.text(vip.address())), TIMEOUT);
        if (!shown.ok() || shown.output().isBlank() || shown.output().contains("tentative")) {
            return; // not held, or DAD still running: the kernel advertises it when DAD passes
        }
        Commands.Result link = commands.run(List.of("ip", "-o", "link", "show", "dev", dev), TIMEOUT);
        Matcher ether = LINK_ETHER.matcher(link.output());
        if (!link.ok() || !ether.find()) {
            throw new IOException("cannot re-announce " + vip.describe() + ": no Ethernet address on " + dev);
        }
        enableNdiscNotify(dev);
        List<String> cmd = List.of("ip", "link", "set", "dev", dev, "address", ether.group(1));
        Commands.Result set = commands.run(cmd, TIMEOUT);
        if (!set.ok()) {
            throw new IOException(String.join(" ", cmd) + ": " + set.output());
        }
    }

    /** Lets the kernel send unsolicited neighbour advertisements on {@code dev} (after DAD, on a MAC change). */
    private void enableNdiscNotify(String dev) throws IOException {
        expectOk(List.of("sysctl", "-q", "-w", "net/ipv6/conf/" + dev + "/ndisc_notify=1"), false);
    }

    @Override
    public boolean addressInUse(VirtualIp vip) throws IOException {
        String dev = vip.device().orElseThrow();
        String ip = Addresses.text(vip.address());
        if (vip.isIpv6()) {
            return commands.run(List.of("ndisc6", "-1", "-q", "-r", "2", "-w", "500", ip, dev), TIMEOUT).ok();
        }
        Commands.Result r = commands.run(List.of("arping", "-D", "-q", "-c", "2", "-w", "2", "-I", dev, ip), TIMEOUT);
        return switch (r.exit()) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new IOException("arping -D -I " + dev + " " + ip + ": " + r.output());
        };
    }

    @Override
    public void syncDaemon(SyncDaemon daemon, SyncDaemon.Role role) throws IOException {
        syncDaemon.switchTo(daemon, role);
    }

    @Override
    public boolean reachable(String host, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        try {
            return commands.run(List.of("ping", "-n", "-q", "-c", "1", "-W", Long.toString(seconds), host),
                    timeout.plusSeconds(2)).ok();
        } catch (IOException e) {
            LOG.warn("Cannot ping {}: {}", host, e.getMessage());
            return false;
        }
    }

    private void expectOk(List<String> cmd, boolean required) throws IOException {
        Commands.Result r = commands.run(cmd, TIMEOUT);
        if (!r.ok() && required) {
            throw new IOException(String.join(" ", cmd) + ": " + r.output());
        }
    }
}
