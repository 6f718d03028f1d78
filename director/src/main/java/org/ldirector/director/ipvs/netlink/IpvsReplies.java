package org.ldirector.director.ipvs.netlink;

import static org.ldirector.director.ipvs.netlink.IpvsRequests.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.SchedulerFlags;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Reads the kernel's answers to the IPVS dumps ({@code ip_vs_genl_fill_service},
 * {@code ip_vs_genl_fill_dest}, {@code ip_vs_genl_fill_stats(64)}, {@code ip_vs_genl_dump_daemon})
 * into the same model {@code ipvsadm -L -n} gives: the netmask shown only for a persistent service
 * and only when it is not /32 (/128), the scheduler flags by {@link SchedulerFlags#shown}, a
 * {@code Local} real without a forwarding method.
 */
final class IpvsReplies {

    // enum IPVS_STATS_ATTR_*
    static final int STATS_ATTR_CONNS = 1;
    static final int STATS_ATTR_INPKTS = 2;
    static final int STATS_ATTR_OUTPKTS = 3;
    static final int STATS_ATTR_INBYTES = 4;
    static final int STATS_ATTR_OUTBYTES = 5;
    static final int STATS_ATTR_CPS = 6;
    static final int STATS_ATTR_INPPS = 7;
    static final int STATS_ATTR_OUTPPS = 8;
    static final int STATS_ATTR_INBPS = 9;
    static final int STATS_ATTR_OUTBPS = 10;

    /** A service of a dump with its counters (without connection counts: those are the sum of its reals'). */
    record Service(IpvsService service, IpvsCounters counters) {
    }

    /** A destination of a dump with its counters, connection counts included. */
    record Destination(IpvsDestination destination, IpvsCounters counters) {
    }

    /** A running sync daemon ({@code ipvsadm -L --daemon}). */
    record Daemon(int state, String interfaceName, int syncId) {
        String stateName() {
            return state == STATE_MASTER ? "master" : state == STATE_BACKUP ? "backup" : "state " + state;
        }
    }

    private IpvsReplies() {
    }

    /** One message of a {@code GET_SERVICE} dump; empty for protocols we do not model (SCTP), as ListingParser skips them. */
    static Optional<Service> service(NetlinkMessage m) {
        NetlinkAttributes s = m.attributes().nested(CMD_ATTR_SERVICE)
                .orElseThrow(() -> new IllegalArgumentException("a service message without IPVS_CMD_ATTR_SERVICE"));
        Optional<ServiceKey> key = key(s);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String scheduler = s.string(SVC_ATTR_SCHED_NAME);
        int flags = s.has(SVC_ATTR_FLAGS) ? s.u32(SVC_ATTR_FLAGS) : 0;   // struct ip_vs_flags: flags, then mask
        boolean persistent = (flags & SVC_F_PERSISTENT) != 0;
        OptionalInt persistence = persistent ? OptionalInt.of(s.u32(SVC_ATTR_TIMEOUT)) : OptionalInt.empty();
        Optional<String> mask = persistent ? shownNetmask(key.get(), s.bytes(SVC_ATTR_NETMASK)) : Optional.empty();
        String shown = SchedulerFlags.shown(scheduler, flags);
        IpvsService service = new IpvsService(key.get(), scheduler, persistence, mask,
                shown.isEmpty() ? Optional.empty() : Optional.of(shown), (flags & SVC_F_ONEPACKET) != 0);
        return Optional.of(new Service(service, counters(s, SVC_ATTR_STATS64, SVC_ATTR_STATS, 0, 0)));
    }

    static Optional<ServiceKey> key(NetlinkAttributes s) {
        boolean v6 = s.u16(SVC_ATTR_AF) == AF_INET6;
        if (s.has(SVC_ATTR_FWMARK) && s.u32(SVC_ATTR_FWMARK) != 0) {
            return Optional.of(new ServiceKey.Fwmark(s.u32(SVC_ATTR_FWMARK), v6));
        }
        ServiceKey.Protocol p = switch (s.u16(SVC_ATTR_PROTOCOL)) {
            case IPPROTO_TCP -> ServiceKey.Protocol.TCP;
            case IPPROTO_UDP -> ServiceKey.Protocol.UDP;
            default -> null;
        };
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(new ServiceKey.Address(p, new Endpoint(address(s.bytes(SVC_ATTR_ADDR), v6),
                s.be16(SVC_ATTR_PORT))));
    }

    /** print_service_entry(): an IPv4 mask other than 255.255.255.255 as a dotted quad, an IPv6 prefix other than 128. */
    static Optional<String> shownNetmask(ServiceKey key, byte[] raw) {
        if (key.isIpv6()) {
            int prefix = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder()).getInt();
            return prefix == 128 ? Optional.empty() : Optional.of(Integer.toString(prefix));
        }
        if (raw[0] == -1 && raw[1] == -1 && raw[2] == -1 && raw[3] == -1) {
            return Optional.empty();
        }
        return Optional.of(Byte.toUnsignedInt(raw[0]) + "." + Byte.toUnsignedInt(raw[1]) + "."
                + Byte.toUnsignedInt(raw[2]) + "." + Byte.toUnsignedInt(raw[3]));
    }

    /** One message of a {@code GET_DEST} dump of a service of family {@code serviceIpv6}. */
    static Destination destination(NetlinkMessage m, boolean serviceIpv6) {
        NetlinkAttributes d = m.attributes().nested(CMD_ATTR_DEST)
                .orElseThrow(() -> new IllegalArgumentException("a destination message without IPVS_CMD_ATTR_DEST"));
        boolean v6 = d.has(DEST_ATTR_ADDR_FAMILY) ? d.u16(DEST_ATTR_ADDR_FAMILY) == AF_INET6 : serviceIpv6;
        Endpoint ep = new Endpoint(address(d.bytes(DEST_ATTR_ADDR), v6), d.be16(DEST_ATTR_PORT));
        Forwarding f = switch (d.u32(DEST_ATTR_FWD_METHOD) & CONN_F_FWD_MASK) {
            case CONN_F_MASQ -> Forwarding.MASQ;
            case CONN_F_TUNNEL -> Forwarding.IPIP;
            case CONN_F_DROUTE -> Forwarding.GATE;
            default -> null;   // Local (or bypass): ldirectord never matches it
        };
        IpvsDestination dest = new IpvsDestination(ep, f, d.u32(DEST_ATTR_WEIGHT), d.u32(DEST_ATTR_U_THRESH),
                d.u32(DEST_ATTR_L_THRESH));
        long active = Integer.toUnsignedLong(d.u32(DEST_ATTR_ACTIVE_CONNS, 0));
        long inactive = Integer.toUnsignedLong(d.u32(DEST_ATTR_INACT_CONNS, 0));
        return new Destination(dest, counters(d, DEST_ATTR_STATS64, DEST_ATTR_STATS, active, inactive));
    }

    /** One message of a {@code GET_DAEMON} dump. */
    static Daemon daemon(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes().nested(CMD_ATTR_DAEMON)
                .orElseThrow(() -> new IllegalArgumentException("a daemon message without IPVS_CMD_ATTR_DAEMON"));
        return new Daemon(a.u32(DAEMON_ATTR_STATE), a.string(DAEMON_ATTR_MCAST_IFN), a.u32(DAEMON_ATTR_SYNC_ID, 0));
    }

    /**
     * The counters of a service or destination: {@code STATS64} (every value 64 bits, kernels
     * since 4.1) when present, else {@code STATS} (connections, packets and rates 32 bits); a counter
     * that is absent reads as 0.
     */
    static IpvsCounters counters(NetlinkAttributes parent, int stats64, int stats32, long active, long inactive) {
        Optional<NetlinkAttributes> s64 = parent.nested(stats64);
        if (s64.isPresent()) {
            NetlinkAttributes s = s64.get();
            return new IpvsCounters(active, inactive, s.u64(STATS_ATTR_CONNS, 0), s.u64(STATS_ATTR_INPKTS, 0),
                    s.u64(STATS_ATTR_OUTPKTS, 0), s.u64(STATS_ATTR_INBYTES, 0), s.u64(STATS_ATTR_OUTBYTES, 0),
                    s.u64(STATS_ATTR_CPS, 0), s.u64(STATS_ATTR_INPPS, 0), s.u64(STATS_ATTR_OUTPPS, 0),
                    s.u64(STATS_ATTR_INBPS, 0), s.u64(STATS_ATTR_OUTBPS, 0));
        }
        NetlinkAttributes s = parent.nested(stats32).orElseGet(() -> NetlinkAttributes.parse(java.nio.ByteBuffer.allocate(0)));
        return new IpvsCounters(active, inactive, u32(s, STATS_ATTR_CONNS), u32(s, STATS_ATTR_INPKTS),
                u32(s, STATS_ATTR_OUTPKTS), s.u64(STATS_ATTR_INBYTES, 0), s.u64(STATS_ATTR_OUTBYTES, 0),
                u32(s, STATS_ATTR_CPS), u32(s, STATS_ATTR_INPPS), u32(s, STATS_ATTR_OUTPPS),
                u32(s, STATS_ATTR_INBPS), u32(s, STATS_ATTR_OUTBPS));
    }

    private static long u32(NetlinkAttributes a, int type) {
        return Integer.toUnsignedLong(a.u32(type, 0));
    }

    /** {@code union nf_inet_addr}: the first 4 bytes for IPv4, all 16 for IPv6. */
    static InetAddress address(byte[] raw, boolean v6) {
        try {
            return InetAddress.getByAddress(v6 ? Arrays.copyOf(raw, 16) : Arrays.copyOf(raw, 4));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + raw.length + " bytes", e);
        }
    }

    /** The version word of {@code IPVS_INFO_ATTR_VERSION} as ipvsadm prints it: {@code 1.2.1}. */
    static String version(int v) {
        return ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
