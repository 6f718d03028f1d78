package org.ldirector.monitor;

import java.util.Objects;

/**
 * What to probe: the real server's address, check port and transport, plus the options of its service
 * family. A check reads its own family's record through that record's {@code of(target)} (for example
 * {@link HttpOptions#of(CheckTarget)}), which gives the family's defaults when the target carries another
 * family's options.
 *
 * @param host      IP literal of the real server (IPv6 without brackets) or a host name
 * @param port      the check port (ldirectord's {@code ld_checkport}), 1..65535, or 0 when none could be found
 * @param transport TCP, or UDP for a UDP virtual service
 * @param options   the service family's options; {@link CheckOptions#NONE} for none
 */
public record CheckTarget(String host, int port, Transport transport, CheckOptions options) {

    public CheckTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(options, "options");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A TCP target without options: every family's {@code of(target)} gives its defaults. */
    public static CheckTarget of(String host, int port) {
        return new CheckTarget(host, port, Transport.TCP, CheckOptions.NONE);
    }

    /** A TCP target with {@code options}. */
    public static CheckTarget of(String host, int port, CheckOptions options) {
        return new CheckTarget(host, port, Transport.TCP, options);
    }

    /** The host as it appears in a URL or a host:port pair: IPv6 literals in brackets. */
    public String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    public CheckTarget withTransport(Transport value) {
        return new CheckTarget(host, port, value, options);
    }

    public CheckTarget withOptions(CheckOptions value) {
        return new CheckTarget(host, port, transport, value);
    }

    /** The options print themselves, passwords and secrets hidden. */
    @Override
    public String toString() {
        return "CheckTarget[" + hostForUrl() + ":" + port + "/" + transport + " " + options + "]";
    }
}
