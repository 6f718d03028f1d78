package org.ldirector.director.config;

import static org.ldirector.director.config.PerlText.find;
import static org.ldirector.director.config.PerlText.re;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;

/**
 * The {@code real=} and {@code fallback=} grammars ({@code add_real_server}, {@code parse_fallback}): ldirectord's {@code _ld_read_config_real_resolve},
 * {@code add_real_server(_range)}, {@code parse_fallback} and {@code _ld_read_config_fallback_resolve}, with the
 * misparses listed in docs/compatibility-config.md turned into the obvious meaning or a clear error.
 */
final class ServerLines {

    /** A parsed but unresolved fallback: {@code port} is the raw text (null = none given). */
    record FallbackDraft(String server, String port, Forwarding forwarding) {
    }

    /** A resolved fallback: {@code port} null when none was given (a global fallback then takes the virtual's port). */
    record ResolvedFallback(InetAddress address, Integer port, Forwarding forwarding) {

        FallbackServer withDefaultPort(int virtualPort) {
            return new FallbackServer(new Endpoint(address, port != null ? port : virtualPort), forwarding);
        }
    }

    private static final String ADDR = "(\\d+\\.\\d+\\.\\d+\\.\\d+|[A-Za-z0-9.-]+|\\[[0-9A-fa-f:]+\\])";
    private static final Pattern REAL = re(ADDR + "(->" + ADDR + ")?(:(\\d+|[A-Za-z0-9_-]+))?\\s+(.*)");
    private static final Pattern BRACKET_RANGE = re("^(\\d+\\.\\d+\\.\\d+\\.)\\[(\\d+)-(\\d+)\\](.*)");
    private static final Pattern DOUBLE_COLON = re("^(\\d+\\.\\d+\\.\\d+\\.\\d+)::(\\d+|[A-Za-z0-9_-]+)(\\s.*)");
    private static final Pattern FORWARD = re("(\\w+)(.*)");
    private static final Pattern WEIGHT = re("\\s+(\\d+)(.*)");
    private static final Pattern REQUEST_RECEIVE = re("\\s+\"(.*)\"[, ]\\s*\"(.*)\"(.*)");
    private static final Pattern LOWER = re("\\s+l:(\\d+)(.*)");
    private static final Pattern UPPER = re("\\s+u:(\\d+)(.*)");
    private static final Pattern NON_BLANK = re("\\S");
    private static final Pattern FALLBACK_WORDS = re("(\\S+)(\\s+(\\S+))?\\s*$");
    private static final Pattern TRAILING_PORT = re("(:(\\d+|[A-Za-z0-9_-]+))?$");
    private static final int MAX_RANGE = 65536;

    private final ParseContext ctx;

    ServerLines(ParseContext ctx) {
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------- fallback

    /** {@code parse_fallback}: {@code host[:port] [gate|masq|ipip]}; {@code defaultPort} is the virtual's raw port text. */
    FallbackDraft parseFallback(int line, String text, String defaultPort) throws ConfigException {
        String parseLine = text;
        String fwd = null;
        Matcher words = find(FALLBACK_WORDS, text);
        if (words != null) {
            fwd = words.group(3);
            parseLine = words.group(1);
        }
        Matcher p = find(TRAILING_PORT, parseLine);
        String port = p.group(2);
        String server = parseLine.substring(0, p.start()) + parseLine.substring(p.end());
        if (port == null) {
            port = defaultPort;
        }
        Forwarding forwarding = Forwarding.GATE;
        if (PerlText.truthy(fwd)) {
            forwarding = forwarding(line, fwd);
        }
        return new FallbackDraft(server, port, forwarding);
    }

    /** {@code _ld_read_config_fallback_resolve}. */
    ResolvedFallback resolveFallback(int line, String protocol, FallbackDraft draft, HostResolver.Family family)
            throws ConfigException {
        InetAddress address = ctx.hostByName(draft.server(), family);
        if (address == null) {
            throw ctx.error(line, "invalid " + (family == HostResolver.Family.IPV4 ? "IPv4" : "IPv6")
                    + " address or could not resolve for fallback server: " + draft.server());
        }
        Integer port = null;
        if (PerlText.truthy(draft.port())) {
            port = ctx.servByName(draft.port(), protocol);
            if (port == null) {
                throw ctx.error(line, "invalid port for fallback server");
            }
        } else if (draft.port() != null) {
            port = 0;
        }
        return new ResolvedFallback(address, port, draft.forwarding());
    }

    // ---------------------------------------------------------------- real

    /**
     * Resolves one {@code real=} value (the text after {@code =}) into one real server, or one per address of a range,
     * passing each to {@code sink}.
     */
    void resolveReal(int line, String text, HostResolver.Family family, Consumer<RealServer> sink)
            throws ConfigException {
        String str = text;
        Matcher br = BRACKET_RANGE.matcher(str);
        if (br.find()) {
            // Better than ldirectord, which reads "a.b.c.[2-4]:80 gate" as host 80, port 0.
            str = br.group(1) + br.group(2) + "->" + br.group(1) + br.group(3) + br.group(4);
        }
        Matcher dc = DOUBLE_COLON.matcher(str);
        if (family == HostResolver.Family.IPV4 && dc.find()) {
            // Better than ldirectord, which reads "IP::port gate" as host <port> (0.0.x.y), port 0.
            String meant = dc.group(1) + ":" + dc.group(2);
            ctx.warn(line, "please update your config: real server " + dc.group(1) + "::" + dc.group(2)
                    + " read as " + meant);
            str = meant + dc.group(3);
        }
        Matcher m = find(REAL, str);
        if (m == null) {
            throw ctx.error(line, "invalid address for real server (wrong format)");
        }
        if (m.start() > 0) {
            // ldirectord would silently take whatever follows the garbage as the host name.
            throw ctx.error(line, "invalid address for real server (wrong format): \"" + str.strip() + "\"");
        }
        String ip1 = m.group(1);
        String ip2 = m.group(3);
        String port = m.group(5) != null ? m.group(5) : "0";
        String flags = m.group(6);

        InetAddress first = ctx.hostByName(ip1, family);
        if (first == null) {
            throw ctx.error(line, "invalid address (" + ip1 + ") for real server (could not resolve host)");
        }
        Integer resolvedPort = ctx.servByName(port, "");
        if (resolvedPort == null) {
            throw ctx.error(line, "invalid port (" + port + ") for real server (could not resolve port)");
        }
        if (ip2 == null) {
            sink.accept(addReal(line, first, resolvedPort, flags));
            return;
        }
        InetAddress last = ctx.hostByName(ip2, family);
        if (last == null) {
            throw ctx.error(line, "invalid address (" + ip2 + ") for real server (could not resolve end host)");
        }
        if (family == HostResolver.Family.IPV6 || !(first instanceof Inet4Address) || !(last instanceof Inet4Address)) {
            throw ctx.error(line, "Address range for IPv6 is not supported yet");
        }
        long from = toLong(first);
        long to = toLong(last);
        String range = first.getHostAddress() + "-" + last.getHostAddress();
        if (from > to) {
            throw ctx.error(line, "Invalid Range: " + range
                    + ": First value must be greater than or equal to the second value");
        }
        if (to - from + 1 > MAX_RANGE) {
            throw ctx.error(line, "Invalid Range: " + range + ": more than " + MAX_RANGE + " addresses");
        }
        // Numerically, unlike ldirectord's string comparison ({@code add_real_server}).
        for (long i = from; i <= to; i++) {
            sink.accept(addReal(line, fromLong(i), resolvedPort, flags));
        }
    }

    /** {@code add_real_server}: the flags after the address, each regex unanchored as in ldirectord. */
    private RealServer addReal(int line, InetAddress ip, int port, String flags) throws ConfigException {
        Matcher f = find(FORWARD, flags);
        if (f == null) {
            throw ctx.error(line, "forward method must be gate, masq or ipip");
        }
        Forwarding forwarding = forwarding(line, f.group(1));
        String rest = f.group(2);

        int weight = 1;
        Matcher w = find(WEIGHT, rest);
        if (w != null) {
            weight = PerlText.intNumber(w.group(1));
            rest = w.group(2);
        }
        Optional<String> request = Optional.empty();
        Optional<String> receive = Optional.empty();
        Matcher rr = find(REQUEST_RECEIVE, rest);
        if (rr != null) {
            String req = rr.group(1);
            request = Optional.of(req.startsWith("/") ? req : "/" + req);
            // ldirectord loses the receive string (and ignores the rest) when the request starts with "/" (
            // bug 8): here the pair is kept as written.
            receive = Optional.of(rr.group(2));
            rest = rr.group(3);
        }
        int lower = 0;
        Matcher l = find(LOWER, rest);
        if (l != null) {
            lower = PerlText.intNumber(l.group(1));
            rest = l.group(2);
        }
        int upper = 0;
        Matcher u = find(UPPER, rest);
        if (u != null) {
            upper = PerlText.intNumber(u.group(1));
            rest = u.group(2);
        }
        if (NON_BLANK.matcher(rest).find()) {
            throw ctx.error(line, "Invalid real server line, around \"" + rest + "\"");
        }
        return new RealServer(new Endpoint(ip, port), forwarding, weight, request, receive, lower, upper, line);
    }

    private Forwarding forwarding(int line, String word) throws ConfigException {
        for (Forwarding f : List.of(Forwarding.GATE, Forwarding.MASQ, Forwarding.IPIP)) {
            if (f.configName().equals(word)) {
                return f;
            }
        }
        throw ctx.error(line, "forward method must be gate, masq or ipip");
    }

    private static long toLong(InetAddress a) {
        return new BigInteger(1, a.getAddress()).longValue();
    }

    private static InetAddress fromLong(long v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
