package org.ldirector.director.ipvs;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

import org.ldirector.director.ipvs.IpvsadmEntry.Cmd;
import org.ldirector.director.ipvs.IpvsadmEntry.Entry;
import org.ldirector.director.ipvs.IpvsadmEntry.Opt;

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
    static final int SCHEDNAME_MAX = 15;

    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \t\r\n]+");

    private IpvsadmLine() {
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
            return IpvsadmEntry.toCommand(read(args));
        } catch (IpvsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IpvsUsageException(line.trim() + ": " + e.getMessage());
        }
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
        IpvsadmEntry.check(e, line);
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
                e.weight = IpvsadmValues.number(value, 0, Integer.MAX_VALUE); // ipvsadm 1.31: 0..INT_MAX
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

    /** {@code parse(command.ipvsadmArgs())} without the text in between ({@link IpvsadmFields#kernelForm}). */
    public static IpvsCommand kernelForm(IpvsCommand command) throws IpvsException {
        return IpvsadmFields.kernelForm(command);
    }
}
