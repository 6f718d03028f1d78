package org.ldirector.director.ipvs;

import org.ldirector.director.ipvs.IpvsadmEntry.Cmd;
import org.ldirector.director.ipvs.IpvsadmEntry.Entry;
import org.ldirector.director.ipvs.IpvsadmEntry.Opt;

/** A command record read into ipvsadm's option fields directly, for {@link IpvsadmLine#kernelForm}. */
final class IpvsadmFields {

    private IpvsadmFields() {
    }

    /**
     * The same as {@code parse(command.ipvsadmArgs())}, without the text in between: the record's
     * fields go into the fields ipvsadm's option parser would have filled, and through the same
     * checks and the same conversion to kernel form. For the netlink backend, which reads every
     * command of a batch this way (the text round trip cost 25-50 us a command). Whatever the
     * option parser would check on the text (ranges, a blank inside a value) is checked here too;
     * when anything is off, the command goes through {@link IpvsadmLine#parse} after all, which then fails
     * with ipvsadm's own message.
     */
    static IpvsCommand kernelForm(IpvsCommand command) throws IpvsException {
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
                IpvsadmEntry.check(e, "");
                return IpvsadmEntry.toCommand(e);
            } catch (IpvsUsageException refused) {
                // parse() below words the error as ipvsadm does, with the line
            }
        }
        String args = command.ipvsadmArgs();
        if (args.indexOf('\n') >= 0 || args.indexOf('\r') >= 0) {
            // as the ipvsadm backend: a value with a line break would be a line of its own in -R
            throw new IpvsUsageException("ipvsadm arguments must be one line: " + args.replace("\n", "\\n").replace("\r", "\\r"));
        }
        return IpvsadmLine.parse(args);
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
        e.sched = s.scheduler().length() > IpvsadmLine.SCHEDNAME_MAX ? s.scheduler().substring(0, IpvsadmLine.SCHEDNAME_MAX) : s.scheduler();
        if (s.onePacket()) {
            e.options.add(Opt.ONEPACKET);
            e.onePacket = true;
        }
        if (s.persistence().isPresent()) {
            e.options.add(Opt.PERSISTENT);
            e.persistent = true;
            e.timeout = s.persistence().getAsInt();
            if (e.timeout < 1 || e.timeout > IpvsadmLine.MAX_TIMEOUT) {
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
        return e.weight >= 0;
    }

}
