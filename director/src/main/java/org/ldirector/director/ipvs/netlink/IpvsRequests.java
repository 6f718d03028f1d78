package org.ldirector.director.ipvs.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.IpvsUsageException;
import org.ldirector.director.ipvs.SchedulerFlags;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Writes the IPVS generic-netlink requests ({@code include/uapi/linux/ip_vs.h}, family
 * {@code "IPVS"}, version 1) for commands in kernel form ({@link org.ldirector.director.ipvs.IpvsadmLine#parse}:
 * defaults filled in, a gate/ipip real's port already the virtual's). The attributes are the ones
 * ipvsadm's libipvs sends ({@code ipvs_nl_fill_service_attr}, {@code ipvs_nl_fill_dest_attr}), so
 * the kernel sees the same request from both backends.
 */
final class IpvsRequests {

    static final String FAMILY = "IPVS";
    static final int VERSION = 1;

    // enum IPVS_CMD_*
    static final int CMD_NEW_SERVICE = 1;
    static final int CMD_SET_SERVICE = 2;
    static final int CMD_DEL_SERVICE = 3;
    static final int CMD_GET_SERVICE = 4;
    static final int CMD_NEW_DEST = 5;
    static final int CMD_SET_DEST = 6;
    static final int CMD_DEL_DEST = 7;
    static final int CMD_GET_DEST = 8;
    static final int CMD_NEW_DAEMON = 9;
    static final int CMD_DEL_DAEMON = 10;
    static final int CMD_GET_DAEMON = 11;
    static final int CMD_GET_INFO = 15;

    // enum IPVS_CMD_ATTR_*
    static final int CMD_ATTR_SERVICE = 1;
    static final int CMD_ATTR_DEST = 2;
    static final int CMD_ATTR_DAEMON = 3;

    // enum IPVS_SVC_ATTR_*
    static final int SVC_ATTR_AF = 1;
    static final int SVC_ATTR_PROTOCOL = 2;
    static final int SVC_ATTR_ADDR = 3;
    static final int SVC_ATTR_PORT = 4;
    static final int SVC_ATTR_FWMARK = 5;
    static final int SVC_ATTR_SCHED_NAME = 6;
    static final int SVC_ATTR_FLAGS = 7;
    static final int SVC_ATTR_TIMEOUT = 8;
    static final int SVC_ATTR_NETMASK = 9;
    static final int SVC_ATTR_STATS = 10;
    static final int SVC_ATTR_STATS64 = 12;

    // enum IPVS_DEST_ATTR_*
    static final int DEST_ATTR_ADDR = 1;
    static final int DEST_ATTR_PORT = 2;
    static final int DEST_ATTR_FWD_METHOD = 3;
    static final int DEST_ATTR_WEIGHT = 4;
    static final int DEST_ATTR_U_THRESH = 5;
    static final int DEST_ATTR_L_THRESH = 6;
    static final int DEST_ATTR_ACTIVE_CONNS = 7;
    static final int DEST_ATTR_INACT_CONNS = 8;
    static final int DEST_ATTR_STATS = 10;
    static final int DEST_ATTR_ADDR_FAMILY = 11;
    static final int DEST_ATTR_STATS64 = 12;

    // enum IPVS_DAEMON_ATTR_*
    static final int DAEMON_ATTR_STATE = 1;
    static final int DAEMON_ATTR_MCAST_IFN = 2;
    static final int DAEMON_ATTR_SYNC_ID = 3;

    // IP_VS_SVC_F_*, IP_VS_CONN_F_* forwarding methods, IP_VS_STATE_*
    static final int SVC_F_PERSISTENT = 0x0001;
    static final int SVC_F_HASHED = 0x0002;
    static final int SVC_F_ONEPACKET = 0x0004;
    static final int CONN_F_MASQ = 0;
    static final int CONN_F_LOCALNODE = 1;
    static final int CONN_F_TUNNEL = 2;
    static final int CONN_F_DROUTE = 3;
    static final int CONN_F_FWD_MASK = 0x7;
    static final int STATE_MASTER = 1;
    static final int STATE_BACKUP = 2;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_SCTP = 132;

    private IpvsRequests() {
    }

    /** The request for one table change, with {@code NLM_F_ACK}. */
    static void command(NetlinkWriter w, int family, int seq, IpvsCommand c) throws IpvsUsageException {
        command(w, family, seq, c, true);
    }

    /**
     * The request for one table change; {@code ack}: with {@code NLM_F_ACK}. Without it the kernel
     * still answers a request that fails (netlink_rcv_skb acknowledges every error), only a success
     * goes unanswered.
     */
    static void command(NetlinkWriter w, int family, int seq, IpvsCommand c, boolean ack) throws IpvsUsageException {
        int flags = NetlinkWriter.NLM_F_REQUEST | (ack ? NetlinkWriter.NLM_F_ACK : 0);
        switch (c) {
            case IpvsCommand.AddService a -> {
                w.begin(family, flags, seq, CMD_NEW_SERVICE, VERSION);
                fullService(w, a.service());
            }
            case IpvsCommand.EditService e -> {
                w.begin(family, flags, seq, CMD_SET_SERVICE, VERSION);
                fullService(w, e.service());
            }
            case IpvsCommand.DeleteService d -> {
                w.begin(family, flags, seq, CMD_DEL_SERVICE, VERSION);
                serviceKey(w, d.key());
            }
            case IpvsCommand.AddDestination a -> {
                w.begin(family, flags, seq, CMD_NEW_DEST, VERSION);
                serviceKey(w, a.key());
                fullDestination(w, a.destination());
            }
            case IpvsCommand.EditDestination e -> {
                w.begin(family, flags, seq, CMD_SET_DEST, VERSION);
                serviceKey(w, e.key());
                fullDestination(w, e.destination());
            }
            case IpvsCommand.DeleteDestination d -> {
                w.begin(family, flags, seq, CMD_DEL_DEST, VERSION);
                serviceKey(w, d.key());
                w.nested(CMD_ATTR_DEST);
                endpoint(w, d.endpoint());
                w.endNested();
            }
        }
        w.end();
    }

    /** The kernel's name of a command, for log lines. */
    static String commandName(IpvsCommand c) {
        return switch (c) {
            case IpvsCommand.AddService a -> "IPVS_CMD_NEW_SERVICE";
            case IpvsCommand.EditService e -> "IPVS_CMD_SET_SERVICE";
            case IpvsCommand.DeleteService d -> "IPVS_CMD_DEL_SERVICE";
            case IpvsCommand.AddDestination a -> "IPVS_CMD_NEW_DEST";
            case IpvsCommand.EditDestination e -> "IPVS_CMD_SET_DEST";
            case IpvsCommand.DeleteDestination d -> "IPVS_CMD_DEL_DEST";
        };
    }

    /** {@code IPVS_CMD_GET_SERVICE} with {@code NLM_F_DUMP}: every service. */
    static void dumpServices(NetlinkWriter w, int family, int seq) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP, seq, CMD_GET_SERVICE, VERSION).end();
    }

    /** {@code IPVS_CMD_GET_DEST} with {@code NLM_F_DUMP}: the destinations of one service. */
    static void dumpDestinations(NetlinkWriter w, int family, int seq, ServiceKey key) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP, seq, CMD_GET_DEST, VERSION);
        serviceKey(w, key);
        w.end();
    }

    static void dumpDaemons(NetlinkWriter w, int family, int seq) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP, seq, CMD_GET_DAEMON, VERSION).end();
    }

    static void info(NetlinkWriter w, int family, int seq) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST, seq, CMD_GET_INFO, VERSION).end();
    }

    /** {@code ipvsadm --start-daemon master|backup --mcast-interface IF [--syncid N]} (syncid 0 when absent, as ipvsadm). */
    static void startDaemon(NetlinkWriter w, int family, int seq, int state, String iface, int syncId) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK, seq, CMD_NEW_DAEMON, VERSION)
                .nested(CMD_ATTR_DAEMON)
                .u32(DAEMON_ATTR_STATE, state)
                .string(DAEMON_ATTR_MCAST_IFN, iface)
                .u32(DAEMON_ATTR_SYNC_ID, syncId)
                .endNested()
                .end();
    }

    /** {@code ipvsadm --stop-daemon master|backup}. */
    static void stopDaemon(NetlinkWriter w, int family, int seq, int state) {
        w.begin(family, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK, seq, CMD_DEL_DAEMON, VERSION)
                .nested(CMD_ATTR_DAEMON)
                .u32(DAEMON_ATTR_STATE, state)
                .endNested()
                .end();
    }

    private static void serviceKey(NetlinkWriter w, ServiceKey key) {
        w.nested(CMD_ATTR_SERVICE);
        keyAttributes(w, key);
        w.endNested();
    }

    private static void keyAttributes(NetlinkWriter w, ServiceKey key) {
        w.u16(SVC_ATTR_AF, key.isIpv6() ? AF_INET6 : AF_INET);
        switch (key) {
            case ServiceKey.Fwmark f -> w.u32(SVC_ATTR_FWMARK, f.mark());
            case ServiceKey.Address a -> w
                    .u16(SVC_ATTR_PROTOCOL, a.protocol() == ServiceKey.Protocol.TCP ? IPPROTO_TCP : IPPROTO_UDP)
                    .bytes(SVC_ATTR_ADDR, address16(a.endpoint().address()))
                    .be16(SVC_ATTR_PORT, a.endpoint().port());
        }
    }

    /** A whole service ({@code full_entry} in ip_vs_genl_parse_service): key, scheduler, flags, timeout, netmask. */
    private static void fullService(NetlinkWriter w, IpvsService s) throws IpvsUsageException {
        int flags = 0;
        if (s.persistence().isPresent()) {
            flags |= SVC_F_PERSISTENT;
        }
        if (s.onePacket()) {
            flags |= SVC_F_ONEPACKET;
        }
        if (s.schedFlags().isPresent()) {
            flags |= SchedulerFlags.bits(s.scheduler(), s.schedFlags().get(), s.key().ipvsadmArgs());
        }
        w.nested(CMD_ATTR_SERVICE);
        keyAttributes(w, s.key());
        w.string(SVC_ATTR_SCHED_NAME, s.scheduler());
        // struct ip_vs_flags { __u32 flags; __u32 mask; }: libipvs sets every bit of the mask
        w.bytes(SVC_ATTR_FLAGS, java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                .putInt(flags).putInt(-1).array());
        w.u32(SVC_ATTR_TIMEOUT, s.persistence().orElse(0));
        w.bytes(SVC_ATTR_NETMASK, netmask(s));
        w.endNested();
    }

    /**
     * The persistence netmask as the kernel keeps it ({@code __be32}): an IPv4 mask in network byte
     * order (ipvsadm's default /32 = {@code ff ff ff ff}), an IPv6 prefix length as a host-order
     * number (default 128), since ipvsadm stores the latter with a plain {@code atoi()}.
     */
    static byte[] netmask(IpvsService s) throws IpvsUsageException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
        if (s.key().isIpv6()) {
            int prefix = s.netmask().map(Integer::parseInt).orElse(128);
            return b.order(java.nio.ByteOrder.nativeOrder()).putInt(prefix).array();
        }
        if (s.netmask().isEmpty()) {
            return b.putInt(-1).array();
        }
        try {
            return InetAddress.getByName(s.netmask().get()).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IpvsUsageException(s.key().ipvsadmArgs() + ": illegal virtual server persistent mask specified");
        }
    }

    private static void fullDestination(NetlinkWriter w, IpvsDestination d) throws IpvsUsageException {
        if (d.forwarding() == null) {
            throw new IpvsUsageException("-r " + d.endpoint() + ": a real without a forwarding method cannot be sent");
        }
        w.nested(CMD_ATTR_DEST);
        endpoint(w, d.endpoint());
        w.u32(DEST_ATTR_FWD_METHOD, forwarding(d.forwarding()));
        w.u32(DEST_ATTR_WEIGHT, d.weight());
        w.u32(DEST_ATTR_U_THRESH, d.upperThreshold());
        w.u32(DEST_ATTR_L_THRESH, d.lowerThreshold());
        w.endNested();
    }

    private static void endpoint(NetlinkWriter w, Endpoint e) {
        w.bytes(DEST_ATTR_ADDR, address16(e.address()));
        w.be16(DEST_ATTR_PORT, e.port());
        w.u16(DEST_ATTR_ADDR_FAMILY, e.isIpv6() ? AF_INET6 : AF_INET);
    }

    static int forwarding(Forwarding f) {
        return switch (f) {
            case MASQ -> CONN_F_MASQ;
            case IPIP -> CONN_F_TUNNEL;
            case GATE -> CONN_F_DROUTE;
        };
    }

    /** {@code union nf_inet_addr}: 16 bytes, an IPv4 address in the first 4 (libipvs sends all 16). */
    static byte[] address16(InetAddress a) {
        byte[] out = new byte[16];
        byte[] raw = a.getAddress();
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}
