package org.ldirector.director.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads one ipvsadm table-changing command line ({@code -A -E -D -a -e -d}) the way ipvsadm 1.31
 * does ({@code parse_options} + {@code process_options} in ipvsadm.c) and returns the command in
 * the form the kernel receives it: defaults filled in ({@code -s wlc}, {@code -w 1}, {@code -g},
 * {@code -p} = 360 s), the real's port forced to the virtual's for gate/ipip on non-fwmark
 * services, netmask and scheduler flags in the form {@code ipvsadm -L} prints them.
 *
 * <p>Used to replay our own commands on in-memory tables ({@link IpvsTable#apply}) and to read
 * {@code ipvsadm -S -n} output. Only IP literals are accepted (ipvsadm would also resolve names).
 * Errors carry ipvsadm's own message; those that make ipvsadm exit 2 ({@code fail()}) are
 * {@link IpvsUsageException}s, because {@code ipvsadm -R} stops at them.
 */
public final class IpvsadmLine {

    /** ipvsadm.c: {@code #define DEF_SCHED "wlc"}. */
    static final String DEFAULT_SCHEDULER = "wlc";
    /** libipvs.h: {@code #define IPVS_SVC_PERSISTENT_TIMEOUT (6*60)}, used for a bare {@code -p}. */
    static final int DEFAULT_PERSISTENCE = 360;
    /** ipvsadm.c: {@code #define MAX_TIMEOUT (86400*31)}. */
    static final int MAX_TIMEOUT = 86400 * 31;
    /** ip_vs.h: {@code IP_VS_SCHEDNAME_MAXLEN 16}; ipvsadm copies at most 15 characters. */
    private static final int SCHEDNAME_MAX = 15;

    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \t\r\n]+");

    private IpvsadmLine() {
    }

    private enum Cmd {
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
    private enum Opt {
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
    private static final Set<Opt> SERVICE_OPTS = EnumSet.of(Opt.SERVICE, Opt.SCHEDULER, Opt.PERSISTENT,
            Opt.NETMASK, Opt.ONEPACKET, Opt.PE, Opt.SCHED_FLAGS);
    private static final Set<Opt> DEST_OPTS = EnumSet.of(Opt.SERVICE, Opt.SERVER, Opt.FORWARD, Opt.WEIGHT,
            Opt.UTHRESHOLD, Opt.LTHRESHOLD, Opt.TUN_TYPE, Opt.TUN_PORT, Opt.TUN_NOCSUM, Opt.TUN_CSUM,
            Opt.TUN_REMCSUM);

    private static Set<Opt> allowed(Cmd cmd) {
        return switch (cmd) {
            case ADD, EDIT -> SERVICE_OPTS;
            case DEL -> EnumSet.of(Opt.SERVICE);
            case ADDDEST, EDITDEST -> DEST_OPTS;
            case DELDEST -> EnumSet.of(Opt.SERVICE, Opt.SERVER);
        };
    }

    /** What has been read so far; the fields of ipvsadm's {@code struct ipvs_command_entry}. */
    private static final class Entry {
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

    /** Parses {@code line} (with or without a leading {@code ipvsadm}) into the command the kernel receives. */
    public static IpvsCommand parse(String line) throws IpvsException {
        List<String> args = new ArrayList<>();
        for (String token : BLANKS.split(line.trim())) {
            // config_stream.c drops the word "ipvsadm" wherever it appears on an -R line
            if (!token.isEmpty() && !token.equals("ipvsadm")) {
                args.add(token);
            }
        }
        try {
            return toCommand(read(args));
        } catch (IpvsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IpvsUsageException(line.trim() + ": " + e.getMessage());
        }
    }

    /**
     * The same as {@code parse(command.ipvsadmArgs())}, without the text in between: the record's
     * fields go into the fields ipvsadm's option parser would have filled, and through the same
     * checks and the same conversion to kernel form. For the netlink backend, which reads every
     * command of a batch this way (the text round trip cost 25-50 us a command). Whatever the
     * option parser would check on the text (ranges, a blank inside a value) is checked here too;
     * when anything is off, the command goes through {@link #parse} after all, which then fails
     * with ipvsadm's own message.
     */
    public static IpvsCommand kernelForm(IpvsCommand command) throws IpvsException {
        Entry e = new Entry();
        boolean ok = switch (command) {
            case IpvsCommand.AddService a -> service(e, Cmd.ADD, a.service());
            case IpvsCommand.EditService x -> service(e, Cmd.EDIT, x.service());
            case IpvsCommand.DeleteService d -> key(e, Cmd.DEL, d.key());
            case IpvsCommand.AddDestination a -> key(e, Cmd.ADDDEST, a.key()) && destination(e, a.destination());
            case IpvsCommand.EditDestination x -> key(e, Cmd.EDITDEST, x.key()) && destination(e, x.destination());
            case IpvsCommand.DeleteDestination d -> key(e, Cmd.DELDEST, d.key()) && server(e, d.endpoint());
        };
        if (ok) {
            try {
                check(e, "");
                return toCommand(e);
            } catch (IpvsUsageException refused) {
                // parse() below words the error as ipvsadm does, with the line
            }
        }
        String args = command.ipvsadmArgs();
        if (args.indexOf('\n') >= 0 || args.indexOf('\r') >= 0) {
            // as the ipvsadm backend: a value with a line break would be a line of its own in -R
            throw new IpvsUsageException("ipvsadm arguments must be one line: " + args.replace("\n", "\\n").replace("\r", "\\r"));
        }
        return parse(args);
    }

    private static boolean key(Entry e, Cmd cmd, ServiceKey key) {
        e.cmd = cmd;
        e.options.add(Opt.SERVICE);
        switch (key) {
            case ServiceKey.Fwmark f -> {
                e.fwmark = f.mark();
                e.af = f.ipv6() ? 6 : 4;
                e.protocol = ServiceKey.Protocol.TCP;
            }
            case ServiceKey.Address a -> {
                e.protocol = a.protocol();
                e.addr = a.endpoint().address();
                e.af = a.endpoint().isIpv6() ? 6 : 4;
                e.port = a.endpoint().port();
            }
        }
        if (e.af == 6) {
            e.netmask = 128;
        }
        return true;
    }

    private static boolean oneWord(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean service(Entry e, Cmd cmd, IpvsService s) {
        key(e, cmd, s.key());
        if (!oneWord(s.scheduler())) {
            return false;
        }
        e.options.add(Opt.SCHEDULER);
        e.sched = s.scheduler().length() > SCHEDNAME_MAX ? s.scheduler().substring(0, SCHEDNAME_MAX) : s.scheduler();
        if (s.onePacket()) {
            e.options.add(Opt.ONEPACKET);
            e.onePacket = true;
        }
        if (s.persistence().isPresent()) {
            e.options.add(Opt.PERSISTENT);
            e.persistent = true;
            e.timeout = s.persistence().getAsInt();
            if (e.timeout < 1 || e.timeout > MAX_TIMEOUT) {
                return false;
            }
            if (s.netmask().isPresent()) {
                e.options.add(Opt.NETMASK);
                String m = s.netmask().get();
                if (!oneWord(m)) {
                    return false;
                }
                if (e.af != 6) {
                    e.netmask = IpvsadmValues.inetAton(m);
                    if (e.netmask < 0) {
                        return false;
                    }
                } else {
                    e.netmask = IpvsadmValues.atoi(m);
                    if (e.netmask < 1 || e.netmask > 128) {
                        return false;
                    }
                }
            }
        }
        if (s.schedFlags().isPresent()) {
            e.options.add(Opt.SCHED_FLAGS);
            e.schedFlagsArg = s.schedFlags().get();
            return oneWord(e.schedFlagsArg);
        }
        return true;
    }

    private static boolean server(Entry e, Endpoint real) {
        e.options.add(Opt.SERVER);
        e.destAddr = real.address();
        e.destPort = real.port();
        return true;
    }

    private static boolean destination(Entry e, IpvsDestination d) {
        if (d.weight() != 0 || d.upperThreshold() != 0 || d.lowerThreshold() != 0) {
            e.options.add(Opt.UTHRESHOLD);
            e.options.add(Opt.LTHRESHOLD);
            e.upper = d.upperThreshold();
            e.lower = d.lowerThreshold();
            if (e.upper < 0 || e.lower < 0) {
                return false;
            }
        }
        server(e, d.endpoint());
        if (d.forwarding() != null) {
            e.options.add(Opt.FORWARD);
            e.forwarding = d.forwarding();
        }
        e.options.add(Opt.WEIGHT);
        e.weight = d.weight();
        return e.weight <= 65535;
    }

    private static Entry read(List<String> args) throws IpvsException {
        String line = String.join(" ", args);
        if (args.isEmpty()) {
            throw new IpvsUsageException("empty ipvsadm command line");
        }
        Entry e = new Entry();
        e.cmd = switch (args.get(0)) {
            case "-A", "--add-service" -> Cmd.ADD;
            case "-E", "--edit-service" -> Cmd.EDIT;
            case "-D", "--delete-service" -> Cmd.DEL;
            case "-a", "--add-server" -> Cmd.ADDDEST;
            case "-e", "--edit-server" -> Cmd.EDITDEST;
            case "-d", "--delete-server" -> Cmd.DELDEST;
            default -> throw new IpvsUsageException(line + ": not a table-changing ipvsadm command"
                    + " (expected -A, -E, -D, -a, -e or -d first)");
        };
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String name;
            String inlineValue = null;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                name = eq < 0 ? a : a.substring(0, eq);
                inlineValue = eq < 0 ? null : a.substring(eq + 1);
            } else if (a.startsWith("-") && a.length() >= 2) {
                name = a.substring(0, 2);
                inlineValue = a.length() > 2 ? a.substring(2) : null;   // popt: "-s wlc" or "-swlc"
            } else {
                throw new IpvsUsageException(line + ": unexpected argument " + a);
            }
            boolean optionalArg = name.equals("-p") || name.equals("--persistent");
            boolean takesArg = switch (name) {
                case "-t", "--tcp-service", "-u", "--udp-service", "-f", "--fwmark-service", "-s", "--scheduler",
                     "-M", "--netmask", "-r", "--real-server", "-w", "--weight", "-x", "--u-threshold",
                     "-y", "--l-threshold", "--pe", "-b", "--sched-flags", "--tun-type", "--tun-port" -> true;
                default -> false;
            };
            String value = inlineValue;
            if (takesArg && value == null) {
                if (i + 1 >= args.size()) {
                    throw new IpvsUsageException(line + ": " + name + ": missing argument");
                }
                value = args.get(++i);
            } else if (optionalArg && value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                value = args.get(++i);
            } else if (!takesArg && !optionalArg && inlineValue != null && !name.startsWith("--")) {
                // clustered short flags such as "-gw" are not produced by anyone we read
                throw new IpvsUsageException(line + ": " + a + ": unknown option");
            }
            option(e, line, name, value);
        }
        check(e, line);
        return e;
    }

    private static void set(Entry e, String line, Opt opt) throws IpvsUsageException {
        if (!e.options.add(opt)) {
            throw new IpvsUsageException(line + ": multiple '" + opt.ipvsadmName + "' options specified");
        }
    }

    private static void option(Entry e, String line, String name, String value) throws IpvsException {
        switch (name) {
            case "-t", "--tcp-service", "-u", "--udp-service" -> {
                set(e, line, Opt.SERVICE);
                e.protocol = name.startsWith("-t") || name.equals("--tcp-service")
                        ? ServiceKey.Protocol.TCP : ServiceKey.Protocol.UDP;
                IpvsadmValues.Address s = IpvsadmValues.address(value);
                if (s == null) {
                    throw new IpvsUsageException(line + ": illegal virtual server address[:port] specified");
                }
                e.addr = s.addr();
                e.af = s.addr() instanceof Inet6Address ? 6 : 4;
                e.port = s.port() < 0 ? 0 : s.port();
                if (e.af == 6) {
                    e.netmask = 128;
                }
            }
            case "-f", "--fwmark-service" -> {
                set(e, line, Opt.SERVICE);
                long mark;
                try {
                    mark = Long.parseLong(value);
                } catch (NumberFormatException ex) {
                    mark = -1;
                }
                if (mark <= 0 || mark > 0xffffffffL) {
                    throw new IpvsUsageException(line + ": invalid fwmark value `" + value + "' specified");
                }
                e.fwmark = (int) mark;
                e.af = 4;
                e.protocol = ServiceKey.Protocol.TCP; // "Set protocol to a sane values, even though it is not used"
            }
            case "-6", "--ipv6" -> {
                if (e.fwmark == 0) {
                    throw new IpvsUsageException(line + ": -6 used before -f");
                }
                e.af = 6;
                e.netmask = 128;
            }
            case "-s", "--scheduler" -> {
                set(e, line, Opt.SCHEDULER);
                e.sched = value.length() > SCHEDNAME_MAX ? value.substring(0, SCHEDNAME_MAX) : value;
            }
            case "-p", "--persistent" -> {
                set(e, line, Opt.PERSISTENT);
                e.persistent = true;
                e.timeout = value == null ? DEFAULT_PERSISTENCE : IpvsadmValues.number(value, 1, MAX_TIMEOUT);
                if (e.timeout < 0) {
                    throw new IpvsUsageException(line + ": invalid timeout value `" + value + "' specified");
                }
            }
            case "-M", "--netmask" -> {
                set(e, line, Opt.NETMASK);
                if (e.af != 6) {
                    long m = IpvsadmValues.inetAton(value);
                    if (m < 0) {
                        throw new IpvsUsageException(line + ": illegal virtual server persistent mask specified");
                    }
                    e.netmask = m;
                } else {
                    int m = IpvsadmValues.atoi(value);
                    if (m < 1 || m > 128) {
                        throw new IpvsUsageException(line + ": illegal ipv6 netmask specified");
                    }
                    e.netmask = m;
                }
            }
            case "-r", "--real-server" -> {
                set(e, line, Opt.SERVER);
                IpvsadmValues.Address d = IpvsadmValues.address(value);
                if (d == null) {
                    throw new IpvsUsageException(line + ": illegal real server address[:port] specified");
                }
                e.destAddr = d.addr();
                e.destPort = d.port() < 0 ? e.port : d.port();   // "copy vport to dport if not specified"
            }
            case "-g", "--gatewaying" -> {
                set(e, line, Opt.FORWARD);
                e.forwarding = Forwarding.GATE;
            }
            case "-m", "--masquerading" -> {
                set(e, line, Opt.FORWARD);
                e.forwarding = Forwarding.MASQ;
            }
            case "-i", "--ipip" -> {
                set(e, line, Opt.FORWARD);
                e.forwarding = Forwarding.IPIP;
            }
            case "-w", "--weight" -> {
                set(e, line, Opt.WEIGHT);
                e.weight = IpvsadmValues.number(value, 0, 65535);
                if (e.weight < 0) {
                    throw new IpvsUsageException(line + ": illegal weight specified");
                }
            }
            case "-x", "--u-threshold" -> {
                set(e, line, Opt.UTHRESHOLD);
                e.upper = IpvsadmValues.number(value, 0, Integer.MAX_VALUE);
                if (e.upper < 0) {
                    throw new IpvsUsageException(line + ": illegal u_threshold specified");
                }
            }
            case "-y", "--l-threshold" -> {
                set(e, line, Opt.LTHRESHOLD);
                e.lower = IpvsadmValues.number(value, 0, Integer.MAX_VALUE);
                if (e.lower < 0) {
                    throw new IpvsUsageException(line + ": illegal l_threshold specified");
                }
            }
            case "-o", "--ops" -> {
                set(e, line, Opt.ONEPACKET);
                e.onePacket = true;
            }
            case "-b", "--sched-flags" -> {
                set(e, line, Opt.SCHED_FLAGS);
                e.schedFlagsArg = value;
            }
            case "--pe" -> {
                set(e, line, Opt.PE);
                // The kernel knows only "sip"; our model has no persistence engine, so refuse to drop it silently.
                throw new IpvsUsageException(line + ": persistence engines (--pe) are not supported");
            }
            case "--tun-type" -> {
                set(e, line, Opt.TUN_TYPE);
                // ipvsadm -S prints "--tun-type ipip" for every tunnel real; only that (the default) is modelled.
                if (!value.equals("ipip")) {
                    throw new IpvsUsageException(line + ": tunnel type " + value + " is not supported");
                }
            }
            case "--tun-port", "--tun-nocsum", "--tun-csum", "--tun-remcsum" ->
                    throw new IpvsUsageException(line + ": " + name + " is not supported");
            case "-n", "--numeric" -> set(e, line, Opt.NUMERIC);
            default -> throw new IpvsUsageException(line + ": " + name + ": unknown option");
        }
    }

    /** generic_opt_check() and the checks of process_options(). */
    private static void check(Entry e, String line) throws IpvsUsageException {
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
                e.sched = DEFAULT_SCHEDULER;
            }
        }
        if (!e.schedFlagsArg.isEmpty()) {
            e.schedFlagsArg = SchedulerFlags.canonical(e.sched.isEmpty() ? DEFAULT_SCHEDULER : e.sched,
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

    private static IpvsCommand toCommand(Entry e) {
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

    private static IpvsService service(Entry e, ServiceKey key) {
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

    private static IpvsDestination destination(Entry e) {
        return new IpvsDestination(new Endpoint(e.destAddr, e.destPort), e.forwarding, e.weight, e.upper, e.lower);
    }
}
