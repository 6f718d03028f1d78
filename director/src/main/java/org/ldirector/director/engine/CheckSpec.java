package org.ldirector.director.engine;

import java.time.Duration;
import java.util.Objects;

import org.ldirector.director.config.CheckSettings;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.Service;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.monitor.CheckOptions;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.ExternalOptions;
import org.ldirector.monitor.Transport;

/**
 * Everything that decides what one probe does. Reals of several virtuals with equal specs are
 * probed once per round and the result is applied to each (ldirectord's "real id", get_real_id_str — ours
 * also covers the timeouts, credentials and, for external checks, the virtual they are told about,
 * which ldirectord's id leaves out).
 */
public record CheckSpec(CheckType type, int combinedConnects, Service service, CheckTarget target,
                        Duration checkTimeout, Duration negotiateTimeout, int checkCount, String command) {

    public CheckSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(negotiateTimeout, "negotiateTimeout");
        Objects.requireNonNull(command, "command");
    }

    /** The spec for real {@code r} of virtual {@code v} (as _check_real and the check_* functions build it, with ld_read_config's URL rules). */
    public static CheckSpec of(VirtualService v, RealServer r) {
        CheckSettings c = v.check();
        ServiceKey key = v.key();
        Transport transport = key instanceof ServiceKey.Address a && a.protocol() == ServiceKey.Protocol.UDP
                ? Transport.UDP : Transport.TCP;
        String virtualAddress;
        String virtualPort;
        if (key instanceof ServiceKey.Address a) {
            virtualAddress = a.endpoint().hostForDisplay();
            virtualPort = Integer.toString(a.endpoint().port());
        } else {
            virtualAddress = key.display();
            virtualPort = "0";
        }
        boolean external = c.type() == CheckType.EXTERNAL || c.type() == CheckType.EXTERNAL_PERL;
        CheckOptions options = c.options(r);
        if (options instanceof ExternalOptions e) {
            options = e.withVirtual(virtualAddress, virtualPort);
        }
        CheckTarget target = new CheckTarget(r.endpoint().host(), checkPort(c, r), transport, options);
        return new CheckSpec(c.type(), c.combinedConnects(), c.service(), target, c.checkTimeout(), c.negotiateTimeout(),
                c.checkCount(), external ? c.checkCommand() : "");
    }

    /** {@code ld_checkport}: checkport, else the real's port if &gt; 0, else the service's default port, else 0. */
    static int checkPort(CheckSettings c, RealServer r) {
        if (c.checkPort().isPresent()) {
            return c.checkPort().getAsInt();
        }
        if (r.endpoint().port() > 0) {
            return r.endpoint().port();
        }
        return c.service().defaultPort().orElse(0);
    }

    /** The longest a single probe of this spec may take. */
    public Duration maxDuration() {
        return switch (type) {
            case NEGOTIATE, COMBINED -> negotiateTimeout.compareTo(checkTimeout) > 0 ? negotiateTimeout : checkTimeout;
            case ON, OFF -> Duration.ZERO;
            default -> checkTimeout;
        };
    }

    /** A short description for debug lines, like ldirectord's real id: {@code negotiate:http:tcp:10.0.0.2:80}. */
    public String describe() {
        String check = switch (type) {
            case NEGOTIATE -> "negotiate:" + service.configName();
            case COMBINED -> "combined:" + service.configName();
            case EXTERNAL, EXTERNAL_PERL -> type.configName() + ":" + command;
            default -> type.configName();
        };
        return check + ":" + target.transport().name().toLowerCase() + ":" + target.host() + ":" + target.port();
    }
}
