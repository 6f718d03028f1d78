package org.ldirector.director.config;

import static org.ldirector.director.config.PerlText.find;
import static org.ldirector.director.config.PerlText.firstDigits;
import static org.ldirector.director.config.PerlText.group1;
import static org.ldirector.director.config.PerlText.re;
import static org.ldirector.director.config.PerlText.truthy;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ldirector.director.ipvs.Addresses;
import org.ldirector.monitor.OptionDirective;

/**
 * A {@code virtual=}/{@code virtual6=} line and the directives of its section, in ldirectord's order
 * and with its messages. Directive names are prefix regexes {@code ^name\s*=}; values are what follows, after the
 * section line has lost everything from its first {@code #} ({@code read_config}).
 */
final class SectionParser {

    private static final Pattern V4_PORT = re("^(\\d+\\.\\d+\\.\\d+\\.\\d+):([0-9A-Za-z_-]+)");
    private static final Pattern HOST_PORT = re("^([0-9A-Za-z._+-]+):([0-9A-Za-z_-]+)");
    private static final Pattern FWMARK = re("^(\\d+)(.?)");
    private static final Pattern V6_PORT = re("^\\[([0-9A-Fa-f:]+)\\]:([0-9A-Za-z_-]+)");
    private static final Pattern FIRST_TOKEN = re("^(\\S*)");

    private static final Pattern REAL = re("^(real(6)?)\\s*=\\s*(.*)");
    private static final Pattern FALLBACK = re("^(fallback(6)?)\\s*=\\s*(.*)");
    private static final Pattern EMAILALERTFREQ = re("^emailalertfreq\\s*=\\s*(\\d*)");
    private static final Pattern WORD = re("(\\w+)");
    private static final Pattern WORD_OR_DASH = re("([\\w-]+)");
    private static final Pattern LOWERCASE = re("([a-z]+)");
    private static final Pattern NON_SPACE = re("(\\S+)");
    private static final Pattern ANY = re("(.+)");
    private static final Pattern SMTP_HOST = re("(^([0-9A-Za-z._+-]+))");
    private static final Pattern DOTTED_QUAD = re("^\\d+\\.\\d+\\.\\d+\\.\\d+$");
    private static final Pattern PREFIX_LENGTH = re("^\\d+$");

    static final String SERVICE_ERROR = "service must be dns, ftp, http, https, http_proxy, imap, imaps, ldap, ldaps, "
            + "mysql, nntp, none, oracle, pop, pops, radius, pgsql, simpletcp, sip, smtp or submission";
    private static final String CHECKTYPE_ERROR = "checktype must be \"connect\", \"negotiate\", \"on\", \"off\", "
            + "\"ping\", \"external\", \"external-perl\" or a positive number";
    private static final List<CheckType> NAMED_CHECKTYPES = List.of(CheckType.CONNECT, CheckType.NEGOTIATE,
            CheckType.PING, CheckType.OFF, CheckType.ON, CheckType.EXTERNAL, CheckType.EXTERNAL_PERL);

    private final ParseContext ctx;
    private final ServerLines servers;

    SectionParser(ParseContext ctx) {
        this.ctx = ctx;
        this.servers = new ServerLines(ctx);
    }

    /** The {@code virtual=} line (L1335): the address forms, and the per-section defaults. */
    SectionDraft open(int line, boolean v6, String vattr) throws ConfigException {
        SectionDraft d = new SectionDraft(line, v6 ? HostResolver.Family.IPV6 : HostResolver.Family.IPV4);
        Matcher m;
        if (!v6 && (m = find(V4_PORT, vattr)) != null || (m = find(HOST_PORT, vattr)) != null) {
            d.host = m.group(1);
            d.rawPort = m.group(2);
        } else if ((m = find(FWMARK, vattr)) != null) {
            d.fwmark = fwmark(line, vattr, m);
        } else if ((m = find(V6_PORT, vattr)) != null) {
            if (!v6) {
                throw ctx.error(line, "cannot specify an IPv6 address here. please use \"virtual6\" instead.");
            }
            try {
                Addresses.parseLiteral(m.group(1));
            } catch (IllegalArgumentException e) {
                throw ctx.error(line, "invalid ipv6 address for virtual server");
            }
            d.host = "[" + m.group(1) + "]";
            d.rawPort = m.group(2);
        } else {
            throw ctx.error(line, "invalid address for virtual server");
        }
        if (d.isFwmark()) {
            d.protocol = "fwm";
            d.service = "none";
        } else {
            d.protocol = d.rawPort.equals("53") || d.rawPort.equals("domain") ? "udp" : "tcp";
        }
        return d;
    }

    /**
     * A plain number is a firewall mark. ldirectord also takes the leading digits of anything else, so that
     * {@code virtual=192.168.1.1} silently becomes fwmark 192: that, trailing junk and marks IPVS refuses are errors.
     */
    private long fwmark(int line, String vattr, Matcher m) throws ConfigException {
        String token = group1(FIRST_TOKEN, vattr);
        if (m.group(2).equals(".")) {
            throw ctx.error(line, "invalid address for virtual server (no port given: \"" + token
                    + "\"; a firewall mark is a plain number)");
        }
        if (!m.group(2).isEmpty() && !Character.isWhitespace(m.group(2).charAt(0))) {
            throw ctx.error(line, "invalid firewall mark for virtual server: \"" + token + "\"");
        }
        long mark = PerlText.number(m.group(1));
        if (mark < 1 || mark > 0xFFFF_FFFFL) {
            throw ctx.error(line, "invalid firewall mark for virtual server: \"" + token
                    + "\" (must be 1..4294967295)");
        }
        return mark;
    }

    /**
     * One section directive ({@code rcmd} = the line after its indentation). {@code raw} is the original line,
     * newline included, for the {@code Unknown command} message.
     */
    void directive(SectionDraft d, int line, String rcmd, String raw) throws ConfigException {
        Matcher m;
        String v;
        if ((m = find(REAL, rcmd)) != null) {
            boolean six = m.group(2) != null;
            if (six != (d.family == HostResolver.Family.IPV6)) {
                throw ctx.error(line, "cannot specify \"" + m.group(1) + "\" here.  please use \"real"
                        + (d.family == HostResolver.Family.IPV4 ? "" : "6") + "\" instead");
            }
            d.pendingReals.add(new SectionDraft.PendingReal(m.group(3), line));
        } else if (option(d, line, rcmd)) {
            // request, receive, login, passwd, virtualhost, ...: the check families' directives
        } else if ((v = bare("checktype", rcmd)) != null) {
            checktype(d, line, v);
        } else if ((v = quotedOrBare("checkcommand", rcmd)) != null) {
            d.checkCommand = nonEmpty(line, v, "invalid check command");
        } else if ((v = bare("checktimeout", rcmd)) != null) {
            d.checkTimeout = nonZero(line, v, "invalid check timeout");
        } else if (bare("connecttimeout", rcmd) != null) {
            throw ctx.error(line, "connecttimeout directive deprecated in favour of negotiatetimeout");
        } else if ((v = bare("negotiatetimeout", rcmd)) != null) {
            d.negotiateTimeout = nonZero(line, v, "invalid negotiate timeout");
        } else if ((v = bare("checkcount", rcmd)) != null) {
            d.checkCount = nonZero(line, v, "invalid check count");
            ctx.warn(line, ConfigParser.CHECKCOUNT_WARNING);
        } else if ((v = bare("failurecount", rcmd)) != null) {
            d.failureCount = nonZero(line, v, "invalid failure count");
        } else if ((v = bare("rise", rcmd)) != null) {
            d.rise = nonZero(line, v, "invalid rise count"); // our extension
        } else if ((v = bare("checkinterval", rcmd)) != null) {
            d.checkInterval = nonZero(line, v, "invalid checkinterval");
        } else if ((v = bare("checkport", rcmd)) != null) {
            String digits = firstDigits(v);
            if (digits == null) {
                throw ctx.error(line, "invalid port");
            }
            long port = PerlText.number(digits);
            if (port < 1 || port > 65535) {
                throw ctx.error(line, "checkport must be in range 1..65536");
            }
            d.checkPort = (int) port;
        } else if ((v = quoted("load", rcmd)) != null) {
            d.load = required(line, WORD, v, "invalid string for load testing");
        } else if ((v = bare("scheduler", rcmd)) != null) {
            d.scheduler = required(line, LOWERCASE, v, "invalid scheduler, should be only lowercase letters (a-z)");
        } else if ((v = bare("persistent", rcmd)) != null) {
            String digits = firstDigits(v);
            if (digits == null) {
                throw ctx.error(line, "invalid persistent timeout");
            }
            d.persistent = PerlText.intNumber(digits);
        } else if ((v = bare("schedflags", rcmd)) != null) {
            d.schedFlags = required(line, NON_SPACE, v, "invalid sched-flags");
        } else if ((v = bare("netmask", rcmd)) != null) {
            netmask(d, line, v);
        } else if ((v = bare("protocol", rcmd)) != null) {
            protocol(d, line, v);
        } else if ((v = bare("ops", rcmd)) != null) {
            d.ops = yesNo(line, v, "ops must be 'yes' or 'no'");
        } else if ((v = bare("service", rcmd)) != null) {
            service(d, line, v);
        } else if ((m = find(FALLBACK, rcmd)) != null) {
            boolean six = m.group(2) != null;
            if (six != (d.family == HostResolver.Family.IPV6)) {
                throw ctx.error(line, "cannot specify \"" + m.group(1) + "\" here.  please use \"fallback"
                        + (d.family == HostResolver.Family.IPV4 ? "" : "6") + "\" instead");
            }
            d.fallbackLine = line;
            d.fallback = servers.parseFallback(line, m.group(3), d.isFwmark() ? "0" : d.rawPort);
        } else if ((v = quotedOrBare("fallbackcommand", rcmd)) != null) {
            d.fallbackCommand = nonEmpty(line, v, "invalid fallback command");
        } else if ((v = bare("quiescent", rcmd)) != null) {
            d.quiescent = yesNo(line, v, "quiescent must be 'yes' or 'no'");
        } else if ((v = bare("emailalert", rcmd)) != null) {
            d.emailAlert = EmailDirectives.address(ctx, line, v);
        } else if ((m = find(EMAILALERTFREQ, rcmd)) != null) {
            String digits = firstDigits(m.group(1));
            if (digits == null) {
                throw ctx.error(line, "invalid email alert frequency");
            }
            d.emailAlertFreq = PerlText.intNumber(digits);
        } else if ((v = bare("emailalertstatus", rcmd)) != null) {
            d.emailAlertStatus = EmailDirectives.statuses(ctx, line, v);
        } else if ((v = quotedOrBare("monitorfile", rcmd)) != null) {
            ctx.path(line, v, "monitorfile");
            String error = ctx.files.appendError(v).orElse(null);
            if (error != null) {
                throw ctx.error(line, "unable to open monitorfile " + v + ": " + error);
            }
            d.monitorFile = v;
        } else if ((v = bare("cleanstop", rcmd)) != null) {
            d.cleanstop = yesNo(line, v, "cleanstop must be 'yes' or 'no'");
        } else if ((v = bare("smtp", rcmd)) != null) {
            d.smtp = required(line, SMTP_HOST, v, "invalid SMTP server address");
        } else if ((v = bare("servicename", rcmd)) != null) {
            d.serviceName = v;
        } else if ((v = bare("comment", rcmd)) != null) {
            d.comment = v;
        } else if (HookDirectives.read(ctx, line, rcmd, d.hooks, false)) {
            // notify, monalert, monupalert: our extension
        } else {
            throw ctx.error(line, "Unknown command \"" + raw + "\"");
        }
    }

    /** One of the check families' directives, read as it declares itself; false when {@code rcmd} is none of them. */
    private boolean option(SectionDraft d, int line, String rcmd) throws ConfigException {
        for (OptionDirective o : CheckSettings.DIRECTIVES) {
            String v = o.form() == OptionDirective.Form.QUOTED ? quoted(o.name(), rcmd) : bare(o.name(), rcmd);
            if (v != null) {
                String value = o.value().apply(v);
                if (value == null) {
                    throw ctx.error(line, o.error());
                }
                d.options.put(o.name(), value);
                return true;
            }
        }
        return false;
    }

    private void checktype(SectionDraft d, int line, String v) throws ConfigException {
        String digits = firstDigits(v);
        if (digits != null) {
            // Any digit makes it combined: checktype=external2 is "1 negotiate : 2 connects" ({@code read_config}).
            d.checkType = CheckType.COMBINED;
            d.combinedConnects = PerlText.intNumber(digits);
            return;
        }
        String word = group1(WORD_OR_DASH, v);
        for (CheckType t : NAMED_CHECKTYPES) {
            if (t.configName().equals(word)) {
                d.checkType = t;
                d.combinedConnects = 0;
                return;
            }
        }
        throw ctx.error(line, CHECKTYPE_ERROR);
    }

    private void netmask(SectionDraft d, int line, String v) throws ConfigException {
        if (d.family == HostResolver.Family.IPV6) {
            if (!PREFIX_LENGTH.matcher(v).find() || PerlText.number(v) < 1 || PerlText.number(v) > 128) {
                throw ctx.error(line, "invalid netmask: a prefix length between 1 and 128 is required");
            }
        } else if (!DOTTED_QUAD.matcher(v).find()) {
            throw ctx.error(line, "invalid netmask: dotted quad notation is required");
        }
        d.netmask = v;
    }

    private void protocol(SectionDraft d, int line, String v) throws ConfigException {
        String w = group1(WORD, v);
        if (w == null) {
            throw ctx.error(line, "invalid protocol");
        }
        if (d.protocol.equals("fwm")) {
            if (!w.equals("fwm")) {
                throw ctx.error(line, "protocol must be fwm if the virtual service is a fwmark (a number)");
            }
        } else if (w.equals("tcp") || w.equals("udp")) {
            d.protocol = w;
        } else {
            throw ctx.error(line, "protocol must be tcp or udp if the virtual service is an address and port");
        }
    }

    private void service(SectionDraft d, int line, String v) throws ConfigException {
        String w = group1(WORD, v);
        if (w == null || Service.fromConfigName(w) == null) {
            throw ctx.error(line, SERVICE_ERROR);
        }
        d.service = w;
        // The ftp/sip defaults apply only when the service= line is read with the login still empty.
        String login = OptionDirective.LOGIN.name();
        String passwd = OptionDirective.PASSWD.name();
        if (w.equals("ftp") && d.options.get(login).isEmpty()) {
            d.options.put(login, "anonymous");
        } else if (w.equals("sip") && d.options.get(login).isEmpty()) {
            d.options.put(login, "ldirectord@" + ctx.hostname);
        }
        if (w.equals("ftp") && d.options.get(passwd).isEmpty()) {
            d.options.put(passwd, "ldirectord@" + ctx.hostname);
        }
    }

    // ---------------------------------------------------------------- the end of a section

    /**
     * When the section ends (L1649): fallback, then the virtual address, then every real line, then the duplicate
     * check (reported at {@code endLine}, the line that ended the section).
     */
    void close(SectionDraft d, int endLine, Set<String> seenIds) throws ConfigException {
        String protocol = d.protocol;
        if (d.fallback != null) {
            d.resolvedFallback = servers.resolveFallback(d.fallbackLine, protocol, d.fallback, d.family);
        }
        if (!d.isFwmark()) {
            d.address = ctx.hostByName(d.host, d.family);
            Integer port = d.address == null ? null : ctx.servByName(d.rawPort, protocol);
            if (port == null) {
                throw ctx.error(d.virtualLine, "invalid address for virtual service");
            }
            d.port = port;
            if (d.service == null) {
                d.service = Service.forPort(port).configName();
            }
        }
        for (SectionDraft.PendingReal r : d.pendingReals) {
            servers.resolveReal(r.line(), r.text(), d.family, d.reals::add);
        }
        String id = ConfigAssembler.key(d).id();
        if (!seenIds.add(id)) {
            throw ctx.error(endLine, "duplicate virtual server");
        }
    }

    // ---------------------------------------------------------------- value helpers

    private static String bare(String name, String rcmd) {
        return PerlText.value(name, rcmd);
    }

    private static String quoted(String name, String rcmd) {
        return PerlText.quotedValue(name, rcmd);
    }

    private static String quotedOrBare(String name, String rcmd) {
        String q = quoted(name, rcmd);
        return q != null ? q : bare(name, rcmd);
    }

    private String nonEmpty(int line, String v, String error) throws ConfigException {
        return required(line, ANY, v, error);
    }

    private String required(int line, Pattern p, String v, String error) throws ConfigException {
        String g = group1(p, v);
        if (g == null) {
            throw ctx.error(line, error);
        }
        return g;
    }

    private int nonZero(int line, String v, String error) throws ConfigException {
        String digits = firstDigits(v);
        if (!truthy(digits)) {
            throw ctx.error(line, error);
        }
        return PerlText.intNumber(digits);
    }

    private boolean yesNo(int line, String v, String error) throws ConfigException {
        if (v.equals("yes")) {
            return true;
        }
        if (v.equals("no")) {
            return false;
        }
        throw ctx.error(line, error);
    }
}
