package org.ldirector.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.ldirector.failover.heartbeat.HaCf;
import org.ldirector.failover.heartbeat.IpLiterals;
import org.ldirector.failover.heartbeat.Medium;

/**
 * How the cluster talks: the ha.cf media mapped onto one JGroups transport.
 * <ul>
 * <li>{@code ucast dev peer} lines → TCP to every peer on {@code udpport}, discovery by TCPPING over the same list
 * (a node's own address may be listed, as Heartbeat allows one ha.cf for all nodes). The local address is the listed
 * peer that belongs to this host, else the first address of the ucast device.</li>
 * <li>otherwise the first {@code mcast dev group port ttl loop} → UDP multicast to that group, bound to dev.</li>
 * <li>otherwise {@code bcast dev} → UDP multicast on dev to {@link #BCAST_GROUP}:{@code udpport}, TTL 1: JGroups has no
 * broadcast transport, and link-scoped multicast reaches the same hosts.</li>
 * </ul>
 * JGroups runs one transport, so further media are not redundant links as in Heartbeat; they are reported.
 */
public sealed interface Transport {

    /** The group a {@code bcast} medium is carried on. */
    String BCAST_GROUP = "239.255.6.94";

    InetAddress bindAddress();

    int port();

    /** TCP to fixed peers (ucast). */
    record Tcp(InetAddress bindAddress, int port, List<InetSocketAddress> peers) implements Transport {
        public Tcp {
            peers = List.copyOf(peers);
        }
    }

    /** UDP multicast (mcast, bcast). */
    record Udp(InetAddress bindAddress, InetAddress group, int port, int ttl) implements Transport {
    }

    /** The transport {@code haCf} describes for this host; unused media are passed to {@code warn}. */
    static Transport fromHaCf(HaCf haCf, Consumer<String> warn) throws IOException {
        return fromHaCf(haCf, warn, new InterfaceWait(InterfaceWait.SYSTEM, d -> Thread.sleep(d.toMillis()),
                System::nanoTime, warn));
    }

    /**
     * As {@link #fromHaCf(HaCf, Consumer)}; the medium's interface is waited for through {@code interfaces} (at boot
     * it may not be there yet, or not have its address yet), then the addresses are read.
     */
    static Transport fromHaCf(HaCf haCf, Consumer<String> warn, InterfaceWait interfaces) throws IOException {
        List<Medium.Ucast> ucast = haCf.media().stream().filter(Medium.Ucast.class::isInstance)
                .map(Medium.Ucast.class::cast).toList();
        Medium chosen = ucast.isEmpty() ? haCf.media().get(0) : ucast.get(0);
        for (Medium m : haCf.media()) {
            if (m != chosen && !(chosen instanceof Medium.Ucast && m instanceof Medium.Ucast)) {
                warn.accept(haCf.file() + ":" + m.line() + ": this heartbeat medium is not used: JGroups runs one"
                        + " transport, the one of line " + chosen.line());
            }
        }
        return switch (chosen) {
            case Medium.Ucast u -> {
                List<InetAddress> own = interfaces.await(u.device());
                List<InetSocketAddress> peers = new ArrayList<>();
                InetAddress local = null;
                for (Medium.Ucast m : ucast) {
                    InetAddress peer = resolve(m.peer());
                    peers.add(new InetSocketAddress(peer, haCf.udpPort()));
                    if (local == null && NetworkInterface.getByInetAddress(peer) != null) {
                        local = peer;
                    }
                }
                yield new Tcp(local != null ? local : own.get(0), haCf.udpPort(), peers);
            }
            case Medium.Mcast m -> new Udp(interfaces.await(m.device()).get(0), resolve(m.group()), m.port(), m.ttl());
            case Medium.Bcast b -> new Udp(interfaces.await(b.devices().get(0)).get(0), resolve(BCAST_GROUP),
                    haCf.udpPort(), 1);
        };
    }

    private static InetAddress resolve(String host) throws IOException {
        Optional<InetAddress> literal = IpLiterals.parse(host);
        return literal.isPresent() ? literal.get() : InetAddress.getByName(host);
    }
}
