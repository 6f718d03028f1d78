package org.ldirector.director.config;

import static org.ldirector.director.config.PerlText.find;
import static org.ldirector.director.config.PerlText.firstDigits;
import static org.ldirector.director.config.PerlText.group1;
import static org.ldirector.director.config.PerlText.re;
import static org.ldirector.director.config.PerlText.truthy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ldirectord.cf exactly as ldirectord's {@code read_config()} (L1316) does: the same directives, the same
 * lexical rules ({@code read_config}) and the same error texts, except for the silent misparses listed in
 * docs/compatibility-config.md, which become the obvious meaning or a clear error.
 *
 * <p>Global lines are matched at column 0 with no comment stripping; a {@code virtual=} line opens a section whose
 * lines are indented by at least 4 spaces after tab expansion; anything else ends the section and is read again as
 * a global line. Host names and service names are resolved once, when the section ends.
 */
public final class ConfigParser {

    static final String CHECKCOUNT_WARNING =
            "checkcount option is deprecated and slated for removal.  please see 'failurecount'";

    private static final Pattern VIRTUAL = re("^virtual(6)?\\s*=\\s*(.*)");
    private static final Pattern COMMENT = re("^\\s*#");
    private static final Pattern BLANK = re("^\\s*$");
    private static final Pattern INDENTED = re("^ {4,}(.+)");
    private static final Pattern SUPERVISED = re("^supervised");
    private static final Pattern SUPERVISED_VALUE = re("^supervised\\s*=\\s*(.*)");
    private static final Pattern SUPERVISED_BARE = re("^supervised\\s*$");
    private static final Pattern FALLBACK = re("^fallback(6)?\\s*=\\s*(.*)");
    private static final Pattern CALLBACK = re("^callback\\s*=\\s*\"(.*)\"");
    private static final Pattern LOGFILE = re("^logfile\\s*=\\s*\"(.*)\"");
    private static final Pattern EMAILALERTFREQ = re("^emailalertfreq\\s*=\\s*(\\d*)");
    private static final Pattern SMTP_HOST = re("(^([0-9A-Za-z._+-]+))");
    private static final Pattern ANY = re("(.+)");

    private final HostResolver resolver;
    private final ServicePorts services;
    private final String hostname;
    private final FileProbe files;
    private final boolean debug;

    /**
     * @param resolver host names to addresses ({@code getaddrinfo}, first result of the family)
     * @param services service names to ports ({@code getservbyname})
     * @param hostname this host's name ({@code $HOSTNAME}, else {@code uname -n}): the sip and ftp default logins
     * @param files    the append/directory tests made for {@code logfile}, {@code monitorfile}, {@code maintenancedir}
     */
    public ConfigParser(HostResolver resolver, ServicePorts services, String hostname, FileProbe files) {
        this(resolver, services, hostname, files, false);
    }

    private ConfigParser(HostResolver resolver, ServicePorts services, String hostname, FileProbe files,
                         boolean debug) {
        this.resolver = resolver;
        this.services = services;
        this.hostname = hostname;
        this.files = files;
        this.debug = debug;
    }

    /**
     * For {@code -d}: like ldirectord's {@code $opt_d}, debug mode logs to stderr, so {@code logfile="/path"} is not
     * opened as a test.
     */
    public ConfigParser withDebug(boolean debugMode) {
        return new ConfigParser(resolver, services, hostname, files, debugMode);
    }

    /** With the real file system. */
    public ConfigParser(HostResolver resolver, ServicePorts services, String hostname) {
        this(resolver, services, hostname, FileProbe.system());
    }

    /** The system's resolver, {@code /etc/services}, host name and file system. */
    public static ConfigParser system() {
        return new ConfigParser(HostResolver.system(), ServicePorts.system(), systemHostname(), FileProbe.system());
    }

    /** Reads {@code file} with {@link #system()}. */
    public static DirectorConfig parse(Path file) throws ConfigException, IOException {
        return system().read(file);
    }

    /** ldirectord's {@code $HOSTNAME}: the environment variable if it is set, else {@code uname -n}. */
    public static String systemHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null) {
            return env;
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }

    /**
     * Reads and resolves {@code file}. An unreadable file is ldirectord's {@code can not open file <file>} error
     * (reported without a line).
     */
    public DirectorConfig read(Path file) throws ConfigException, IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new ConfigException(file.toString(), 0, "can not open file " + file);
        }
        return read(file, bytes);
    }

    /** Parses {@code content} as if it had been read from {@code file} (the name used in messages). */
    public DirectorConfig read(Path file, byte[] content) throws ConfigException {
        ParseContext ctx = new ParseContext(file.toString(), resolver, services, hostname, files);
        Run run = new Run(ctx, lines(decode(content)), debug);
        try {
            run.parse();
            WebDirectives.finish(ctx, run.globals);
            // ldirectord warns "checkinterval in virtual service <vid> ignored when fork=no": every
            // check of ours has its own schedule, so a per-virtual checkinterval is always honoured.
            return ConfigAssembler.assemble(file, md5(content), run.globals, run.sections, ctx.warnings());
        } catch (RuntimeException e) {
            // Whatever input the rules above did not foresee is still a configuration error at its line: never an
            // "internal error" that exits 1 (so that status, which reads the file first, answers for the daemon).
            // Only the kind of failure: its message may quote the line, and the line may hold a password.
            throw ctx.error(run.lineNo, "cannot read this line (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One pass over the lines: the {@code while(<CFGFILE>)} loop with its {@code goto outer_loop}. */
    private static final class Run {
        final ParseContext ctx;
        final List<String> lines;
        final SectionParser sectionParser;
        final GlobalDraft globals = new GlobalDraft();
        final List<SectionDraft> sections = new ArrayList<>();
        final Set<String> seenIds = new HashSet<>();
        final boolean debug;
        int next;
        int lineNo;

        Run(ParseContext ctx, List<String> lines, boolean debug) {
            this.ctx = ctx;
            this.lines = lines;
            this.debug = debug;
            this.sectionParser = new SectionParser(ctx);
        }

        void parse() throws ConfigException {
            while (next < lines.size()) {
                lineNo++;
                String linedata = lines.get(next++);
                Matcher v;
                while (linedata != null && (v = VIRTUAL.matcher(linedata)).find()) {
                    linedata = section(v.group(1) != null, v.group(2));
                }
                if (linedata != null) {
                    global(linedata);
                }
            }
        }

        /** Reads one section; returns the line that ended it (to be read again), or null at the end of the file. */
        private String section(boolean v6, String vattr) throws ConfigException {
            SectionDraft d = sectionParser.open(lineNo, v6, vattr);
            sections.add(d);
            String ender = null;
            while (next < lines.size()) {
                lineNo++;
                String raw = lines.get(next++);
                if (COMMENT.matcher(raw).find()) {
                    continue;
                }
                Matcher m = INDENTED.matcher(stripComment(raw).replace("\t", "    "));
                if (!m.find()) {
                    ender = raw;
                    break;
                }
                sectionParser.directive(d, lineNo, m.group(1), raw);
            }
            sectionParser.close(d, lineNo, seenIds);
            return ender;
        }

        /** ldirectord's comment stripping: from the first {@code #} up to (not including) the newline. */
        private static String stripComment(String raw) {
            int hash = raw.indexOf('#');
            if (hash < 0) {
                return raw;
            }
            int nl = raw.indexOf('\n', hash);
            return raw.substring(0, hash) + (nl >= 0 ? raw.substring(nl) : "");
        }

        private void global(String linedata) throws ConfigException {
            if (BLANK.matcher(linedata).find() || COMMENT.matcher(linedata).find()) {
                return;
            }
            GlobalDraft g = globals;
            int line = lineNo;
            Matcher m;
            String v;
            if ((v = bare("checktimeout", linedata)) != null) {
                g.checkTimeout = positive(line, v, "invalid check timeout value");
            } else if (bare("connecttimeout", linedata) != null) {
                throw ctx.error(line, "connecttimeout directive deprecated in favour of negotiatetimeout");
            } else if ((v = bare("negotiatetimeout", linedata)) != null) {
                g.negotiateTimeout = positive(line, v, "invalid negotiate timeout value");
            } else if ((v = bare("checkinterval", linedata)) != null) {
                g.checkInterval = nonZero(line, v, "invalid check interval value");
            } else if ((v = bare("checkcount", linedata)) != null) {
                g.checkCount = nonZero(line, v, "invalid check count value");
                ctx.warn(line, CHECKCOUNT_WARNING);
            } else if ((v = bare("failurecount", linedata)) != null) {
                g.failureCount = nonZero(line, v, "invalid failure count value");
            } else if ((v = bare("rise", linedata)) != null) {
                g.rise = nonZero(line, v, "invalid rise count value"); // our extension
            } else if ((m = find(FALLBACK, linedata)) != null) {
                globalFallback(line, m.group(1) != null, m.group(2));
            } else if ((v = bare("fallbackcommand", linedata)) != null) {
                g.fallbackCommand = nonEmpty(line, v, "invalid fallback command");
            } else if ((v = bare("autoreload", linedata)) != null) {
                g.autoreload = yesNo(line, v, "autoreload must be 'yes' or 'no'");
            } else if ((m = find(CALLBACK, linedata)) != null) {
                g.callback = ctx.path(line, m.group(1), "callback");
            } else if ((m = find(LOGFILE, linedata)) != null) {
                logfile(line, m.group(1));
            } else if ((v = bare("execute", linedata)) != null) {
                g.execute.add(ctx.path(line, v, "execute"));
            } else if ((v = bare("fork", linedata)) != null) {
                g.fork = yesNo(line, v, "fork must be 'yes' or 'no'");
            } else if (SUPERVISED.matcher(linedata).find()) {
                supervised(line, linedata);
            } else if ((v = bare("quiescent", linedata)) != null) {
                g.quiescent = yesNo(line, v, "quiescent must be 'yes' or 'no'");
            } else if ((v = bare("readdquiescent", linedata)) != null) {
                g.readdQuiescent = yesNo(line, v, "readdquiescent must be 'yes' or 'no'");
            } else if ((v = bare("emailalert", linedata)) != null) {
                g.emailAlert = EmailDirectives.address(ctx, line, v);
            } else if ((m = find(EMAILALERTFREQ, linedata)) != null) {
                String digits = firstDigits(m.group(1));
                if (digits == null) {
                    throw ctx.error(line, "invalid email alert frequency");
                }
                g.emailAlertFreq = PerlText.intNumber(digits);
            } else if ((v = bare("emailalertstatus", linedata)) != null) {
                g.emailAlertStatus = EmailDirectives.statuses(ctx, line, v);
            } else if ((v = bare("emailalertfrom", linedata)) != null) {
                g.emailAlertFrom = nonEmpty(line, v, "no email from address specified");
            } else if ((v = bare("cleanstop", linedata)) != null) {
                g.cleanstop = yesNo(line, v, "cleanstop must be 'yes' or 'no'");
            } else if ((v = bare("smtp", linedata)) != null) {
                g.smtp = group1(SMTP_HOST, v);
                if (g.smtp == null) {
                    throw ctx.error(line, "invalid SMTP server address");
                }
            } else if ((v = bare("maintenancedir", linedata)) != null) {
                g.maintenanceDir = ctx.path(line, nonEmpty(line, v, "maintenance directory not specified"),
                        "maintenancedir");
                if (!ctx.files.isDirectory(g.maintenanceDir)) {
                    ctx.warn(line, "maintenance directory does not exist");
                }
            } else if ((v = bare("failover", linedata)) != null) {
                // Our extension: cluster mode, configured by Heartbeat's ha.cf (haresources and
                // authkeys are read from the same directory when the daemon starts).
                String path = ctx.path(line, nonEmpty(line, v, "failover file not specified"), "failover");
                if (!path.startsWith("/")) {
                    throw ctx.error(line, "failover file must be an absolute path: " + path);
                }
                g.failover = path;
            } else if ((v = bare("web", linedata)) != null) {
                WebDirectives.listen(ctx, line, v, g);
            } else if ((v = bare("webpasswd", linedata)) != null) {
                g.webPasswd = WebDirectives.file(ctx, line, "webpasswd", v);
            } else if ((v = bare("webcert", linedata)) != null) {
                g.webCert = WebDirectives.file(ctx, line, "webcert", v);
                g.webCertLine = line;
            } else if ((v = bare("webkey", linedata)) != null) {
                g.webKey = WebDirectives.file(ctx, line, "webkey", v);
                g.webKeyLine = line;
            } else if (HookDirectives.read(ctx, line, linedata, g.hooks, true)) {
                // notify, notifyfifo, monalert, monupalert: our extension
            } else if (bare("timeout", linedata) != null) {
                throw ctx.error(line, "timeout directive deprecated in favour of checktimeout and negotiatetimeout");
            } else {
                // The line keeps its newline, and a space follows it: "Unknown command foo\n ".
                throw ctx.error(line, "Unknown command " + linedata + " ");
            }
        }

        /** A global fallback is resolved at once, for tcp and for udp (L1738). */
        private void globalFallback(int line, boolean v6, String text) throws ConfigException {
            ServerLines servers = new ServerLines(ctx);
            HostResolver.Family family = v6 ? HostResolver.Family.IPV6 : HostResolver.Family.IPV4;
            ServerLines.FallbackDraft tcp = servers.parseFallback(line, text, null);
            ServerLines.FallbackDraft udp = servers.parseFallback(line, text, null);
            ServerLines.ResolvedFallback rtcp = servers.resolveFallback(line, "tcp", tcp, family);
            ServerLines.ResolvedFallback rudp = servers.resolveFallback(line, "udp", udp, family);
            if (v6) {
                globals.fallback6Raw = text;
                globals.fallback6Tcp = rtcp;
                globals.fallback6Udp = rudp;
            } else {
                globals.fallbackRaw = text;
                globals.fallbackTcp = rtcp;
                globals.fallbackUdp = rudp;
            }
        }

        /**
         * {@code logfile="..."}: a path is opened for append as a test, unless the messages go elsewhere anyway
         * (debug mode, or supervised=yes on an earlier line).
         */
        private void logfile(int line, String value) throws ConfigException {
            ctx.path(line, value, "logfile");
            if (!debug && !globals.supervised && value.startsWith("/") && ctx.files.appendError(value).isPresent()) {
                throw ctx.error(line, "unable to open logfile: " + value);
            }
            globals.logfile = value;
        }

        private void supervised(int line, String linedata) throws ConfigException {
            String v = group1(SUPERVISED_VALUE, linedata);
            if (v != null && (v.equals("yes") || v.equals("no"))) {
                globals.supervised = v.equals("yes");
            } else if (SUPERVISED_BARE.matcher(linedata).find()) {
                globals.supervised = true;
                ctx.warn(line, "please update your config not to use a bare supervised directive");
            } else {
                throw ctx.error(line, "supervised must be 'yes' or 'no'");
            }
        }

        private int positive(int line, String v, String error) throws ConfigException {
            String digits = firstDigits(v);
            if (!truthy(digits) || PerlText.number(digits) <= 0) {
                throw ctx.error(line, error);
            }
            return PerlText.intNumber(digits);
        }

        private int nonZero(int line, String v, String error) throws ConfigException {
            String digits = firstDigits(v);
            if (!truthy(digits)) {
                throw ctx.error(line, error);
            }
            return PerlText.intNumber(digits);
        }

        private String nonEmpty(int line, String v, String error) throws ConfigException {
            String g = group1(ANY, v);
            if (g == null) {
                throw ctx.error(line, error);
            }
            return g;
        }

        private boolean yesNo(int line, String v, String error) throws ConfigException {
            if (v.equals("yes") || v.equals("no")) {
                return v.equals("yes");
            }
            throw ctx.error(line, error);
        }

        private static String bare(String name, String linedata) {
            return PerlText.value(name, linedata);
        }
    }

    /** Perl reads bytes; UTF-8 text is decoded as such, anything else byte for byte (ISO-8859-1). */
    static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    /** Lines as Perl's {@code <FH>} returns them: split after each {@code \n}, which stays on the line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
