package org.ldirector.director.config;

import java.util.OptionalInt;

import org.ldirector.monitor.HttpOptions;
import org.ldirector.monitor.LoginOptions;
import org.ldirector.monitor.NoOptions;
import org.ldirector.monitor.OptionFamily;
import org.ldirector.monitor.RadiusOptions;
import org.ldirector.monitor.RequestOptions;
import org.ldirector.monitor.SipOptions;
import org.ldirector.monitor.SqlOptions;

/** ldirectord's {@code service}: the protocol a negotiate check speaks ({@code _check_real}), with its default port and option family. */
public enum Service {
    DNS("dns", 53, RequestOptions.FAMILY), FTP("ftp", 21, LoginOptions.FAMILY), HTTP("http", 80, HttpOptions.FAMILY),
    HTTPS("https", 443, HttpOptions.FAMILY), HTTP_PROXY("http_proxy", 3128, HttpOptions.FAMILY),
    IMAP("imap", 143, LoginOptions.FAMILY), IMAPS("imaps", 993, LoginOptions.FAMILY), LDAP("ldap", 389, LoginOptions.FAMILY),
    LDAPS("ldaps", 636, LoginOptions.FAMILY), MYSQL("mysql", 3306, SqlOptions.FAMILY), NNTP("nntp", 119, NoOptions.FAMILY),
    NONE("none", 0, NoOptions.FAMILY), ORACLE("oracle", 1521, SqlOptions.FAMILY), POP("pop", 110, LoginOptions.FAMILY),
    POPS("pops", 995, LoginOptions.FAMILY), RADIUS("radius", 1812, RadiusOptions.FAMILY), PGSQL("pgsql", 5432, SqlOptions.FAMILY),
    SIMPLETCP("simpletcp", 0, RequestOptions.FAMILY), SIP("sip", 5060, SipOptions.FAMILY), SMTP("smtp", 25, NoOptions.FAMILY),
    SUBMISSION("submission", 587, NoOptions.FAMILY);

    private final String configName;
    private final int defaultPort;
    private final OptionFamily<?> family;

    Service(String configName, int defaultPort, OptionFamily<?> family) {
        this.configName = configName;
        this.defaultPort = defaultPort;
        this.family = family;
    }

    /** The options its negotiate check reads. */
    public OptionFamily<?> family() {
        return family;
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
