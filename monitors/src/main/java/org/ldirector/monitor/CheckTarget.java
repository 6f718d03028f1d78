package org.ldirector.monitor;

import java.util.Objects;

/**
 * What to probe and what to send: the real server's address and check port plus the
 * service-specific strings of its virtual service (ldirectord.cf {@code request}, {@code receive},
 * {@code virtualhost}, {@code login}, ...). Strings are never null; an empty string means "not set".
 *
 * @param host           IP literal of the real server (IPv6 without brackets) or a host name
 * @param port           the check port (ldirectord's {@code ld_checkport}), 1..65535, or 0 when none could be found
 * @param transport      TCP, or UDP for a UDP virtual service
 * @param request        the request string as configured, with its leading {@code /} (ldirectord adds one)
 * @param receive        the receive regex (matched unanchored, like Perl's {@code =~}); empty = none
 * @param virtualHost    HTTP {@code Host} header; empty = the real server's address
 * @param httpMethod     {@code GET} or {@code HEAD}
 * @param login          login name (mysql, pop, imap, ldap, ftp, radius, sip)
 * @param password       password; never logged
 * @param database       SQL database / Oracle SID
 * @param secret         RADIUS shared secret; never logged
 * @param virtualAddress for external checks: the virtual's address as ldirectord passes it
 *                       ({@code 10.0.0.1}, {@code [2001:db8::1]}, or the fwmark number)
 * @param virtualPort    for external checks: the virtual's port ({@code 0} for a fwmark)
 */
public record CheckTarget(
        String host,
        int port,
        Transport transport,
        String request,
        String receive,
        String virtualHost,
        String httpMethod,
        String login,
        String password,
        String database,
        String secret,
        String virtualAddress,
        String virtualPort) {

    public CheckTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(virtualAddress, "virtualAddress");
        Objects.requireNonNull(virtualPort, "virtualPort");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A TCP target with ldirectord's per-virtual defaults ({@code request="/"}, {@code GET}, nothing else set). */
    public static CheckTarget of(String host, int port) {
        return new CheckTarget(host, port, Transport.TCP, "/", "", "", "GET", "", "", "", "", "", "");
    }

    /** The host as it appears in a URL or a host:port pair: IPv6 literals in brackets. */
    public String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    public CheckTarget withTransport(Transport value) {
        return new CheckTarget(host, port, value, request, receive, virtualHost, httpMethod, login, password, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withRequest(String value) {
        return new CheckTarget(host, port, transport, value, receive, virtualHost, httpMethod, login, password, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withReceive(String value) {
        return new CheckTarget(host, port, transport, request, value, virtualHost, httpMethod, login, password, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withVirtualHost(String value) {
        return new CheckTarget(host, port, transport, request, receive, value, httpMethod, login, password, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withHttpMethod(String value) {
        return new CheckTarget(host, port, transport, request, receive, virtualHost, value, login, password, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withCredentials(String newLogin, String newPassword) {
        return new CheckTarget(host, port, transport, request, receive, virtualHost, httpMethod, newLogin, newPassword, database, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withDatabase(String value) {
        return new CheckTarget(host, port, transport, request, receive, virtualHost, httpMethod, login, password, value, secret, virtualAddress, virtualPort);
    }

    public CheckTarget withSecret(String value) {
        return new CheckTarget(host, port, transport, request, receive, virtualHost, httpMethod, login, password, database, value, virtualAddress, virtualPort);
    }

    public CheckTarget withVirtual(String address, String vport) {
        return new CheckTarget(host, port, transport, request, receive, virtualHost, httpMethod, login, password, database, secret, address, vport);
    }

    /** Never prints the password or the secret. */
    @Override
    public String toString() {
        return "CheckTarget[" + hostForUrl() + ":" + port + "/" + transport + " request=" + request
                + " receive=" + receive + (virtualHost.isEmpty() ? "" : " vhost=" + virtualHost)
                + (login.isEmpty() ? "" : " login=" + login) + "]";
    }
}
