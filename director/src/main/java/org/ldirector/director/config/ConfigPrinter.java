package org.ldirector.director.config;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.monitor.OptionDirective;

/**
 * Renders a resolved configuration in ldirectord.cf syntax (for {@code configtest}): the globals, then every virtual
 * with all its effective values and its reals expanded one per line. {@code passwd} and {@code secret} values are
 * never printed ({@code <hidden>}). Apart from those, the text parses back to an equal configuration (line numbers
 * aside).
 */
public final class ConfigPrinter {

    static final String HIDDEN = "<hidden>";
    private static final String INDENT = "    ";

    private ConfigPrinter() {
    }

    public static String print(DirectorConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(config.file()).append(" (md5 ").append(config.digest()).append(")\n");
        out.append("# Effective configuration: globals, then each virtual service with every value it uses.\n");
        GlobalSettings g = config.globals();
        globals(out, g);
        for (VirtualService v : config.virtuals()) {
            out.append('\n');
            virtual(out, g, v);
        }
        return out.toString();
    }

    private static void globals(StringBuilder out, GlobalSettings g) {
        g.checkTimeout().ifPresent(t -> line(out, "", "checktimeout", String.valueOf(t)));
        g.negotiateTimeout().ifPresent(t -> line(out, "", "negotiatetimeout", String.valueOf(t)));
        line(out, "", "checkinterval", count(g.checkInterval()));
        if (g.checkCount() != 1) {
            line(out, "", "checkcount", count(g.checkCount()));
        }
        line(out, "", "failurecount", count(g.failureCount()));
        if (g.rise() != 1) {
            line(out, "", "rise", count(g.rise()));
        }
        g.fallback().ifPresent(f -> line(out, "", "fallback", f));
        g.fallback6().ifPresent(f -> line(out, "", "fallback6", f));
        g.fallbackCommand().ifPresent(c -> line(out, "", "fallbackcommand", c));
        line(out, "", "autoreload", yesNo(g.autoreload()));
        g.callback().ifPresent(c -> line(out, "", "callback", quote(c)));
        // supervised first: with supervised=yes ldirectord does not test the logfile.
        line(out, "", "supervised", yesNo(g.supervised()));
        line(out, "", "logfile", quote(g.logfile()));
        g.execute().forEach(e -> line(out, "", "execute", e));
        line(out, "", "fork", yesNo(g.fork()));
        line(out, "", "quiescent", yesNo(g.quiescent()));
        line(out, "", "readdquiescent", yesNo(g.readdQuiescent()));
        line(out, "", "cleanstop", yesNo(g.cleanstop()));
        EmailAlert e = g.emailAlert();
        if (!e.recipients().isEmpty()) {
            line(out, "", "emailalert", emailAddress(e.recipients()));
        }
        line(out, "", "emailalertfreq", String.valueOf(e.frequency()));
        line(out, "", "emailalertstatus", statuses(e.statuses()));
        e.from().ifPresent(f -> line(out, "", "emailalertfrom", f));
        e.smtp().ifPresent(s -> line(out, "", "smtp", s));
        g.maintenanceDir().ifPresent(d -> line(out, "", "maintenancedir", d.toString()));
        g.failover().ifPresent(f -> line(out, "", "failover", f.toString()));
        WebSettings w = g.web();
        w.address().ifPresent(a -> line(out, "", "web", new org.ldirector.director.ipvs.Endpoint(a, w.port()).toString()));
        w.passwd().ifPresent(f -> line(out, "", "webpasswd", f.toString()));
        w.cert().ifPresent(f -> line(out, "", "webcert", f.toString()));
        w.key().ifPresent(f -> line(out, "", "webkey", f.toString()));
        HookSettings h = g.hooks();
        h.notifyCommand().ifPresent(c -> line(out, "", "notify", c.text()));
        h.monAlert().ifPresent(c -> line(out, "", "monalert", c.text()));
        h.monUpAlert().ifPresent(c -> line(out, "", "monupalert", c.text()));
        h.notifyFifo().ifPresent(f -> line(out, "", "notifyfifo", f.toString()));
    }

    private static void virtual(StringBuilder out, GlobalSettings g, VirtualService v) {
        ServiceKey key = v.key();
        boolean v6 = key.isIpv6();
        out.append(v6 ? "virtual6=" : "virtual=").append(key instanceof ServiceKey.Fwmark ? key.display()
                : ((ServiceKey.Address) key).endpoint().toString()).append('\n');
        String in = INDENT;
        CheckSettings c = v.check();
        line(out, in, "protocol", key.protocolName());
        line(out, in, "scheduler", v.ipvs().scheduler());
        v.ipvs().persistence().ifPresent(p -> line(out, in, "persistent", String.valueOf(p)));
        v.ipvs().netmask().ifPresent(n -> line(out, in, "netmask", n));
        v.ipvs().schedFlags().ifPresent(f -> line(out, in, "schedflags", f));
        if (v.ipvs().onePacket()) {
            line(out, in, "ops", "yes");
        }
        line(out, in, "checktype", c.type() == CheckType.COMBINED ? count(c.combinedConnects()) : c.type().configName());
        line(out, in, "checkcommand", quote(c.checkCommand()));
        // login/passwd before service=: service=ftp/sip only fills them in while they are empty.
        option(out, in, c, OptionDirective.LOGIN);
        option(out, in, c, OptionDirective.PASSWD);
        line(out, in, "service", c.service().configName());
        c.checkPort().ifPresent(p -> line(out, in, "checkport", String.valueOf(p)));
        for (OptionDirective o : CheckSettings.DIRECTIVES) {
            if (!o.name().equals(OptionDirective.LOGIN.name()) && !o.name().equals(OptionDirective.PASSWD.name())) {
                option(out, in, c, o);
            }
        }
        v.load().ifPresent(l -> line(out, in, "load", quote(l)));
        line(out, in, "checktimeout", count((int) c.checkTimeout().toSeconds()));
        line(out, in, "negotiatetimeout", count((int) c.negotiateTimeout().toSeconds()));
        if (c.checkCount() != g.checkCount()) {
            line(out, in, "checkcount", count(c.checkCount())); // printed only when needed: it warns
        }
        line(out, in, "failurecount", count(c.failureCount()));
        if (c.rise() != g.rise()) {
            line(out, in, "rise", count(c.rise()));
        }
        c.checkInterval().ifPresent(i -> line(out, in, "checkinterval", count(i)));
        line(out, in, "quiescent", yesNo(v.quiescent()));
        line(out, in, "cleanstop", yesNo(v.cleanstop()));
        v.fallback().ifPresent(f -> line(out, in, v6 ? "fallback6" : "fallback",
                f.endpoint() + " " + f.forwarding().configName()));
        inheritable(out, "fallbackcommand", v.fallbackCommand(), g.fallbackCommand(), ConfigPrinter::quote);
        EmailAlert e = v.emailAlert();
        inheritable(out, "emailalert", Optional.of(e.recipients()).filter(r -> !r.isEmpty()),
                Optional.of(g.emailAlert().recipients()).filter(r -> !r.isEmpty()), ConfigPrinter::emailAddress);
        line(out, in, "emailalertfreq", String.valueOf(e.frequency()));
        line(out, in, "emailalertstatus", statuses(e.statuses()));
        e.smtp().ifPresent(s -> line(out, in, "smtp", s));
        v.monitorFile().ifPresent(f -> line(out, in, "monitorfile", quote(f.toString())));
        v.serviceName().ifPresent(s -> line(out, in, "servicename", s));
        v.comment().ifPresent(s -> line(out, in, "comment", s));
        hook(out, "notify", v.hooks().notifyCommand(), g.hooks().notifyCommand());
        hook(out, "monalert", v.hooks().monAlert(), g.hooks().monAlert());
        hook(out, "monupalert", v.hooks().monUpAlert(), g.hooks().monUpAlert());
        for (RealServer r : v.reals()) {
            StringBuilder s = new StringBuilder().append(r.endpoint()).append(' ')
                    .append(r.forwarding().configName()).append(' ').append(r.weight());
            if (r.request().isPresent() && r.receive().isPresent()) {
                s.append(' ').append(quote(r.request().get())).append(", ").append(quote(r.receive().get()));
            }
            if (r.lowerThreshold() > 0) {
                s.append(" l:").append(r.lowerThreshold());
            }
            if (r.upperThreshold() > 0) {
                s.append(" u:").append(r.upperThreshold());
            }
            line(out, in, v6 ? "real6" : "real", s.toString());
        }
    }

    /**
     * A per-virtual value that may come from a global line. Section lines lose everything from a {@code #} and turn
     * tabs into spaces, so a global value containing either cannot be repeated inside the section: it is left out
     * there and inherited from the global line printed above.
     */
    private static void inheritable(StringBuilder out, String name, Optional<String> value, Optional<String> global,
                                    java.util.function.UnaryOperator<String> format) {
        if (value.isEmpty()) {
            return;
        }
        String v = value.get();
        if (v.indexOf('#') >= 0 || v.indexOf('\t') >= 0) {
            if (value.equals(global)) {
                out.append(INDENT).append("# ").append(name).append(": inherited from the global setting\n");
                return;
            }
        }
        line(out, INDENT, name, format.apply(v));
    }

    private static void hook(StringBuilder out, String name, Optional<HookCommand> value, Optional<HookCommand> global) {
        inheritable(out, name, value.map(HookCommand::text), global.map(HookCommand::text), java.util.function.UnaryOperator.identity());
    }

    private static void line(StringBuilder out, String indent, String name, String value) {
        out.append(indent).append(name).append('=').append(value).append('\n');
    }

    /** A check option when it is set: quoted unless a bare word, a secret as {@code "<hidden>"}. */
    private static void option(StringBuilder out, String in, CheckSettings c, OptionDirective o) {
        String v = c.value(o);
        if (!v.isEmpty()) {
            String shown = o.secret() ? HIDDEN : v;
            line(out, in, o.name(), o.form() == OptionDirective.Form.BARE_WORD ? shown : quote(shown));
        }
    }

    /** Quoted values are read greedily up to the last quote, so inner quotes need no escaping. */
    private static String quote(String s) {
        return '"' + s + '"';
    }

    /** {@code emailalert} drops enclosing quotes only when there is no other quote inside. */
    private static String emailAddress(String s) {
        return s.indexOf('"') >= 0 ? s : quote(s);
    }

    /** Counts and intervals that ldirectord tests for Perl truth: a zero can only have been written as "00". */
    private static String count(int n) {
        return n == 0 ? "00" : String.valueOf(n);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String statuses(Set<EmailAlert.DaemonStatus> s) {
        if (s.equals(EnumSet.allOf(EmailAlert.DaemonStatus.class))) {
            return "all";
        }
        if (s.isEmpty()) {
            return "none";
        }
        return EnumSet.copyOf(s).stream().map(d -> d.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
