package org.ldirector.director.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ldirector.director.config.Service;
import org.ldirector.monitor.DnsCheck;
import org.ldirector.monitor.ExternalCheck;
import org.ldirector.monitor.ExternalPerlCheck;
import org.ldirector.monitor.FtpCheck;
import org.ldirector.monitor.HttpCheck;
import org.ldirector.monitor.ImapCheck;
import org.ldirector.monitor.LdapCheck;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.NntpCheck;
import org.ldirector.monitor.NonBlockingConnectCheck;
import org.ldirector.monitor.NonBlockingHttpCheck;
import org.ldirector.monitor.PingCheck;
import org.ldirector.monitor.Pop3Check;
import org.ldirector.monitor.RadiusCheck;
import org.ldirector.monitor.SimpleTcpCheck;
import org.ldirector.monitor.SipCheck;
import org.ldirector.monitor.SmtpCheck;
import org.ldirector.monitor.SqlCheck;

/**
 * The real monitors of the {@code monitors} module, one shared instance per kind (monitors are
 * thread-safe and keep no per-check state). Plain {@code http} and {@code connect} checks run on
 * the monitors' event loops ({@link NonBlockingHttpCheck}, {@link NonBlockingConnectCheck}).
 */
public final class StandardMonitors implements MonitorFactory {

    private final Monitor connect = new NonBlockingConnectCheck();
    private final Map<Service, Monitor> negotiate = new ConcurrentHashMap<>();
    private final Map<Integer, Monitor> ping = new ConcurrentHashMap<>();
    private final Map<String, Monitor> external = new ConcurrentHashMap<>();
    private final Map<String, Monitor> externalPerl = new ConcurrentHashMap<>();

    @Override
    public Monitor negotiate(Service service) {
        if (service == Service.NONE) {
            return null;
        }
        return negotiate.computeIfAbsent(service, StandardMonitors::create);
    }

    private static Monitor create(Service service) {
        return switch (service) {
            case HTTP -> new NonBlockingHttpCheck(); // event loops; OkHttp for vhosts, redirects, names
            case HTTPS -> new HttpCheck(HttpCheck.Service.HTTPS);
            case HTTP_PROXY -> new HttpCheck(HttpCheck.Service.HTTP_PROXY);
            case MYSQL -> SqlCheck.mysql();
            case PGSQL -> SqlCheck.pgsql();
            case ORACLE -> SqlCheck.oracle();
            case DNS -> new DnsCheck();
            case FTP -> new FtpCheck();
            case IMAP -> new ImapCheck(false);
            case IMAPS -> new ImapCheck(true);
            case LDAP -> new LdapCheck(false);
            case LDAPS -> new LdapCheck(true);
            case NNTP -> new NntpCheck();
            case POP -> new Pop3Check(false);
            case POPS -> new Pop3Check(true);
            case RADIUS -> new RadiusCheck();
            case SIMPLETCP -> new SimpleTcpCheck();
            case SIP -> new SipCheck();
            case SMTP, SUBMISSION -> new SmtpCheck();
            case NONE -> throw new IllegalArgumentException("service=none has no check");
        };
    }

    @Override
    public Monitor connect() {
        return connect;
    }

    @Override
    public Monitor ping(int count) {
        return ping.computeIfAbsent(count, PingCheck::new);
    }

    @Override
    public Monitor external(String command) {
        return external.computeIfAbsent(command, ExternalCheck::new);
    }

    @Override
    public Monitor externalPerl(String command) {
        return externalPerl.computeIfAbsent(command, ExternalPerlCheck::new);
    }
}
