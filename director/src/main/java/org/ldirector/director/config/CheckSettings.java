package org.ldirector.director.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the reals of one virtual are checked, with every "per-virtual, else global, else default"
 * value already resolved (timeouts as {@code ld_setup} resolves them, counts from {@code set_defaults}).
 *
 * @param type             checktype
 * @param combinedConnects N of {@code checktype=N} (connect checks between two negotiate checks); 0 otherwise
 * @param service          the negotiate protocol
 * @param request          virtual's {@code request}, with its leading {@code /}
 * @param receive          virtual's {@code receive} regex, empty = none
 * @param virtualHost      {@code virtualhost}, empty = none
 * @param httpMethod       {@code GET} or {@code HEAD}
 * @param login            {@code login} (ftp/sip defaults already applied)
 * @param password         {@code passwd} (ftp default already applied)
 * @param database         {@code database}
 * @param secret           {@code secret}
 * @param checkCommand     {@code checkcommand} path (external, external-perl)
 * @param checkPort        {@code checkport}, if set
 * @param checkTimeout     resolved check timeout (connect, ping, external)
 * @param negotiateTimeout resolved negotiate timeout
 * @param checkCount       ping attempts
 * @param failureCount     consecutive failures before an up real is taken down
 * @param checkInterval    per-virtual {@code checkinterval}, if set
 * @param rise             consecutive successes before a down real comes back (our extension; 1 = ldirectord)
 */
public record CheckSettings(CheckType type, int combinedConnects, Service service, String request, String receive,
                            String virtualHost, String httpMethod, String login, String password, String database,
                            String secret, String checkCommand, OptionalInt checkPort, Duration checkTimeout,
                            Duration negotiateTimeout, int checkCount, int failureCount, OptionalInt checkInterval,
                            int rise) {

    public CheckSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(checkCommand, "checkCommand");
        Objects.requireNonNull(checkPort, "checkPort");
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(negotiateTimeout, "negotiateTimeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
    }

    /** Never prints the password or the secret. */
    @Override
    public String toString() {
        return "CheckSettings[type=" + type + (type == CheckType.COMBINED ? "(" + combinedConnects + ")" : "")
                + ", service=" + service.configName() + ", request=" + request + ", receive=" + receive
                + ", virtualhost=" + virtualHost + ", httpmethod=" + httpMethod + ", login=" + login
                + ", passwd=" + (password.isEmpty() ? "" : "<hidden>") + ", database=" + database
                + ", secret=" + (secret.isEmpty() ? "" : "<hidden>") + ", checkcommand=" + checkCommand
                + ", checkport=" + (checkPort.isPresent() ? checkPort.getAsInt() : "") + ", checktimeout="
                + checkTimeout.toSeconds() + ", negotiatetimeout=" + negotiateTimeout.toSeconds()
                + ", checkcount=" + checkCount + ", failurecount=" + failureCount + ", rise=" + rise + "]";
    }
}
