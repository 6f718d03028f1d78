package org.ldirector.director.config;

import java.util.OptionalInt;

/** ldirectord's {@code service}: the protocol a negotiate check speaks ({@code _check_real}), with its default port. */
public enum Service {
    DNS("dns", 53), FTP("ftp", 21), HTTP("http", 80), HTTPS("https", 443), HTTP_PROXY("http_proxy", 3128),
    IMAP("imap", 143), IMAPS("imaps", 993), LDAP("ldap", 389), LDAPS("ldaps", 636), MYSQL("mysql", 3306),
    NNTP("nntp", 119), NONE("none", 0), ORACLE("oracle", 1521), POP("pop", 110), POPS("pops", 995),
    RADIUS("radius", 1812), PGSQL("pgsql", 5432), SIMPLETCP("simpletcp", 0), SIP("sip", 5060),
    SMTP("smtp", 25), SUBMISSION("submission", 587);

    private final String configName;
    private final int defaultPort;

    Service(String configName, int defaultPort) {
        this.configName = configName;
        this.defaultPort = defaultPort;
    }

    public String configName() {
        return configName;
    }

    /** {@code ld_service_to_port}: empty for {@code none} and {@code simpletcp}. */
    public OptionalInt defaultPort() {
        return defaultPort == 0 ? OptionalInt.empty() : OptionalInt.of(defaultPort);
    }

    public static Service fromConfigName(String name) {
        for (Service s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** {@code ld_port_to_service}: the default service for a virtual's (resolved, numeric) port; {@link #NONE} otherwise. */
    public static Service forPort(int port) {
        for (Service s : values()) {
            if (s.defaultPort == port && s != SIMPLETCP && s != NONE) {
                return s;
            }
        }
        return NONE;
    }
}
