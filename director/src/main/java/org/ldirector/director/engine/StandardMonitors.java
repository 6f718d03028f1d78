package org.ldirector.director.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.Service;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.ConnectCheck;
import org.ldirector.monitor.ExternalCheck;
import org.ldirector.monitor.HttpCheck;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.PingCheck;
import org.ldirector.monitor.SqlCheck;

/**
 * The real monitors of the {@code monitors} module, one shared instance per kind (monitors are
 * thread-safe and keep no per-check state).
 */
public final class StandardMonitors implements MonitorFactory {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final Monitor connect = new ConnectCheck();
    private final Map<Service, Monitor> negotiate = new ConcurrentHashMap<>();
    private final Map<Integer, Monitor> ping = new ConcurrentHashMap<>();
    private final Map<String, Monitor> external = new ConcurrentHashMap<>();

    @Override
    public Monitor negotiate(Service service) {
        if (service == Service.NONE) {
            return null;
        }
        return negotiate.computeIfAbsent(service, StandardMonitors::create);
    }

    private static Monitor create(Service service) {
        return switch (service) {
            case HTTP -> new HttpCheck(HttpCheck.Service.HTTP);
            case HTTPS -> new HttpCheck(HttpCheck.Service.HTTPS);
            case HTTP_PROXY -> new HttpCheck(HttpCheck.Service.HTTP_PROXY);
            case MYSQL -> SqlCheck.mysql();
            default -> unsupported(service);
        };
    }

    /**
     * A service whose negotiate check this build does not have yet: said once in the log, and
     * every check of it is down with that reason, so nothing is put in the table on a check we
     * did not make.
     */
    private static Monitor unsupported(Service service) {
        String why = "service=" + service.configName() + " negotiate checks are not implemented in this build of ldirector";
        LOG.info("Error: {}; its real servers are treated as down", why);
        return (target, timeout) -> CheckResult.down(why);
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
        return (target, timeout) -> CheckResult.down("checktype=external-perl is not implemented in this build of ldirector");
    }
}
