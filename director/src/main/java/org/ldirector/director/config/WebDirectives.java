package org.ldirector.director.config;

import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ldirector.director.ipvs.Addresses;

/** Parses the web interface's global directives into the {@link GlobalDraft} (our extension). */
final class WebDirectives {

    /** {@code PORT}, {@code ADDRESS:PORT} (IPv4) or {@code [IPv6]:PORT}. */
    private static final Pattern LISTEN = Pattern.compile("^(?:(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\]):)?(\\d{1,5})$");

    private WebDirectives() {
    }

    static void listen(ParseContext ctx, int line, String value, GlobalDraft g) throws ConfigException {
        Matcher m = LISTEN.matcher(value.strip());
        if (!m.matches()) {
            throw ctx.error(line, "invalid web address, expected [ADDRESS:]PORT: " + value.strip());
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw ctx.error(line, "invalid web port: " + port);
        }
        InetAddress address;
        try {
            address = Addresses.parseLiteral(m.group(1) != null ? m.group(1) : "127.0.0.1");
        } catch (IllegalArgumentException e) {
            throw ctx.error(line, "invalid web address: " + m.group(1));
        }
        g.webAddress = address;
        g.webPort = port;
    }

    /** {@code webpasswd}, {@code webcert}, {@code webkey}: an absolute path. */
    static String file(ParseContext ctx, int line, String directive, String value) throws ConfigException {
        String path = value.strip();
        if (path.isEmpty()) {
            throw ctx.error(line, directive + " file not specified");
        }
        if (!path.startsWith("/")) {
            throw ctx.error(line, directive + " file must be an absolute path: " + path);
        }
        return path;
    }

    /** After the last line: webcert and webkey go together. */
    static void finish(ParseContext ctx, GlobalDraft g) throws ConfigException {
        if ((g.webCert == null) != (g.webKey == null)) {
            int line = g.webCert != null ? g.webCertLine : g.webKeyLine;
            throw ctx.error(line, "webcert and webkey must be set together");
        }
    }
}
