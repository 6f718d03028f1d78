package org.ldirector.director.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What ipvsadm 1.31 has read of one table-changing command ({@code struct ipvs_command_entry}),
 * its checks ({@code generic_opt_check}, {@code process_options}) and the command in kernel form.
 * Filled from text by {@link IpvsadmLine}, from a command record by {@link IpvsadmFields}.
 */
final class IpvsadmEntry {

    private IpvsadmEntry() {
    }

    enum Cmd {
        ADD("add-service"), EDIT("edit-service"), DEL("delete-service"),
        ADDDEST("add-server"), DELDEST("delete-server"), EDITDEST("edit-server");

        final String ipvsadmName;

        Cmd(String ipvsadmName) {
            this.ipvsadmName = ipvsadmName;
        }

        boolean isService() {
            return this == ADD || this == EDIT || this == DEL;
        }
    }

    /** The options of ipvsadm's {@code optnames[]} that these commands can meet. */
    enum Opt {
        SERVICE("service-address"), SCHEDULER("scheduler"), PERSISTENT("persistent"), NETMASK("netmask"),
        SERVER("real-server"), FORWARD("forwarding-method"), WEIGHT("weight"), UTHRESHOLD("u-threshold"),
        LTHRESHOLD("l-threshold"), ONEPACKET("ops"), PE("pe"), SCHED_FLAGS("sched-flags"),
        TUN_TYPE("tun-type"), TUN_PORT("tun-port"), TUN_NOCSUM("tun-nocsum"), TUN_CSUM("tun-csum"),
        TUN_REMCSUM("tun-remcsum"), NUMERIC("numeric");

        final String ipvsadmName;

        Opt(String ipvsadmName) {
            this.ipvsadmName = ipvsadmName;
        }
    }

    // commands_v_options[][] of ipvsadm.c, reduced to these commands and options.
    static final Set<Opt> SERVICE_OPTS = EnumSet.of(Opt.SERVICE, Opt.SCHEDULER, Opt.PERSISTENT,
            Opt.NETMASK, Opt.ONEPACKET, Opt.PE, Opt.SCHED_FLAGS);
    static final Set<Opt> DEST_OPTS = EnumSet.of(Opt.SERVICE, Opt.SERVER, Opt.FORWARD, Opt.WEIGHT,
            Opt.UTHRESHOLD, Opt.LTHRESHOLD, Opt.TUN_TYPE, Opt.TUN_PORT, Opt.TUN_NOCSUM, Opt.TUN_CSUM,
            Opt.TUN_REMCSUM);

    static Set<Opt> allowed(Cmd cmd) {
        return switch (cmd) {
            case ADD, EDIT -> SERVICE_OPTS;
            case DEL -> EnumSet.of(Opt.SERVICE);
            case ADDDEST, EDITDEST -> DEST_OPTS;
            case DELDEST -> EnumSet.of(Opt.SERVICE, Opt.SERVER);
        };
    }

    /** What has been read so far; the fields of ipvsadm's {@code struct ipvs_command_entry}. */
    static final class Entry {
        Cmd cmd;
        final Set<Opt> options = EnumSet.noneOf(Opt.class);
        // service
        int af;                     // 0 (unset), 4 or 6
        ServiceKey.Protocol protocol;
        InetAddress addr;
        int port;
        int fwmark;                 // 0 = not a fwmark service; unsigned 32 bits
        String sched = "";
        boolean persistent;
        int timeout;
        long netmask = 0xffffffffL; // ipvsadm: "default persistent granularity to /32 mask"
        boolean onePacket;
        String schedFlagsArg = "";
        // destination
        InetAddress destAddr;
        int destPort;
        Forwarding forwarding = Forwarding.GATE; // "Set direct routing as default forwarding method"
        int weight = 1;                          // "Set the default weight 1"
        int upper;
        int lower;
    }

    /** generic_opt_check() and the checks of process_options(). */
    static void check(Entry e, String line) throws IpvsUsageException {
        Set<Opt> allowed = allowed(e.cmd);
        for (Opt o : e.options) {
            if (!allowed.contains(o)) {
                throw new IpvsUsageException(line + ": Illegal '" + o.ipvsadmName + "' option with the '"
                        + e.cmd.ipvsadmName + "' command");
            }
        }
        if (!e.options.contains(Opt.SERVICE)) {
            throw new IpvsUsageException(line + ": You need to supply the 'service-address' option for the '"
                    + e.cmd.ipvsadmName + "' command");
        }
        if (!e.cmd.isService() && !e.options.contains(Opt.SERVER)) {
            throw new IpvsUsageException(line + ": You need to supply the 'real-server' option for the '"
                    + e.cmd.ipvsadmName + "' command");
        }
        if (e.cmd == Cmd.ADD || e.cmd == Cmd.EDIT) {
            if (e.fwmark == 0 && e.port == 0 && !e.persistent) {
                throw new IpvsUsageException(line + ": Zero port specified for non-persistent service");
            }
            if (e.onePacket && e.fwmark == 0 && e.protocol != ServiceKey.Protocol.UDP) {
                throw new IpvsUsageException(line + ": One-Packet Scheduling is only for UDP virtual services");
            }
            if (e.sched.isEmpty()) {
                e.sched = IpvsadmLine.DEFAULT_SCHEDULER;
            }
        }
        if (!e.schedFlagsArg.isEmpty()) {
            e.schedFlagsArg = SchedulerFlags.canonical(e.sched.isEmpty() ? IpvsadmLine.DEFAULT_SCHEDULER : e.sched,
                    e.schedFlagsArg, line);
        }
        if (e.cmd == Cmd.ADDDEST || e.cmd == Cmd.EDITDEST) {
            // ipvsadm.c: "The destination port must be equal to the service port if the
            // IP_VS_CONN_F_TUNNEL or IP_VS_CONN_F_DROUTE is set. Don't worry about this if fwmark is used."
            if (e.fwmark == 0 && (e.forwarding == Forwarding.GATE || e.forwarding == Forwarding.IPIP)) {
                e.destPort = e.port;
            }
            int destAf = e.destAddr instanceof Inet6Address ? 6 : 4;
            if (destAf != e.af && e.forwarding != Forwarding.IPIP) {
                throw new IpvsUsageException(line + ": Different address family is allowed only for tunneling servers");
            }
            if (e.options.contains(Opt.TUN_TYPE) && e.forwarding != Forwarding.IPIP) {
                throw new IpvsUsageException(line + ": Tunnel options conflict with forward method");
            }
        }
    }

    static IpvsCommand toCommand(Entry e) {
        ServiceKey key = e.fwmark != 0
                ? new ServiceKey.Fwmark(e.fwmark, e.af == 6)
                : new ServiceKey.Address(e.protocol, new Endpoint(e.addr, e.port));
        return switch (e.cmd) {
            case ADD -> new IpvsCommand.AddService(service(e, key));
            case EDIT -> new IpvsCommand.EditService(service(e, key));
            case DEL -> new IpvsCommand.DeleteService(key);
            case ADDDEST -> new IpvsCommand.AddDestination(key, destination(e));
            case EDITDEST -> new IpvsCommand.EditDestination(key, destination(e));
            case DELDEST -> new IpvsCommand.DeleteDestination(key, new Endpoint(e.destAddr, e.destPort));
        };
    }

    static IpvsService service(Entry e, ServiceKey key) {
        Optional<String> mask = Optional.empty();
        // ipvsadm -L shows the mask only for persistent services and only when it is not /32 (/128).
        if (e.persistent) {
            if (e.af == 6 && e.netmask != 128) {
                mask = Optional.of(Long.toString(e.netmask));
            } else if (e.af != 6 && e.netmask != 0xffffffffL) {
                mask = Optional.of(IpvsadmValues.dotted(e.netmask));
            }
        }
        return new IpvsService(key, e.sched, e.persistent ? OptionalInt.of(e.timeout) : OptionalInt.empty(), mask,
                e.schedFlagsArg.isEmpty() ? Optional.empty() : Optional.of(e.schedFlagsArg), e.onePacket);
    }

    static IpvsDestination destination(Entry e) {
        return new IpvsDestination(new Endpoint(e.destAddr, e.destPort), e.forwarding, e.weight, e.upper, e.lower);
    }
}
