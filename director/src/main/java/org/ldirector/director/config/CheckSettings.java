package org.ldirector.director.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ldirector.monitor.CheckOptions;
import org.ldirector.monitor.ExternalOptions;
import org.ldirector.monitor.OptionDirective;

/**
 * How the reals of one virtual are checked, with every "per-virtual, else global, else default"
 * value already resolved (timeouts as {@code ld_setup} resolves them, counts from {@code set_defaults}).
 * The service-specific directives ({@code request}, {@code login}, {@code virtualhost}, ...) are kept by
 * name, as their families declare them ({@link #DIRECTIVES}); {@link #options} makes the family record.
 *
 * @param type             checktype
 * @param combinedConnects N of {@code checktype=N} (connect checks between two negotiate checks); 0 otherwise
 * @param service          the negotiate protocol
 * @param values           each of {@link #DIRECTIVES} by name (ftp/sip login defaults already applied); one
 *                         not given has its initial value
 * @param checkCommand     {@code checkcommand} path (external, external-perl)
 * @param checkPort        {@code checkport}, if set
 * @param checkTimeout     resolved check timeout (connect, ping, external)
 * @param negotiateTimeout resolved negotiate timeout
 * @param checkCount       ping attempts
 * @param failureCount     consecutive failures before an up real is taken down
 * @param checkInterval    per-virtual {@code checkinterval}, if set
 * @param rise             consecutive successes before a down real comes back (our extension; 1 = ldirectord)
 */
public record CheckSettings(CheckType type, int combinedConnects, Service service, Map<String, String> values,
                            String checkCommand, OptionalInt checkPort, Duration checkTimeout,
                            Duration negotiateTimeout, int checkCount, int failureCount, OptionalInt checkInterval,
                            int rise) {

    /**
     * Every family's directives, each once, in the order {@code configtest} prints them: a section accepts
     * all of them whatever its service (as ldirectord does; {@code service=} may come later or never).
     */
    public static final List<OptionDirective> DIRECTIVES = union();

    public CheckSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        values = complete(values);
        Objects.requireNonNull(checkCommand, "checkCommand");
        Objects.requireNonNull(checkPort, "checkPort");
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(negotiateTimeout, "negotiateTimeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
    }

    private static List<OptionDirective> union() {
        Map<String, OptionDirective> byName = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            s.family().directives().forEach(d -> byName.putIfAbsent(d.name(), d));
        }
        ExternalOptions.FAMILY.directives().forEach(d -> byName.putIfAbsent(d.name(), d));
        return List.copyOf(byName.values());
    }

    /** {@code given} with every other directive at its initial value; unknown names are refused. */
    private static Map<String, String> complete(Map<String, String> given) {
        Map<String, String> all = new HashMap<>(initialValues());
        given.forEach((name, value) -> {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("no directive " + name);
            }
            all.put(name, Objects.requireNonNull(value, name));
        });
        return Map.copyOf(all);
    }

    /** The directive called {@code name}, if a family declares one. */
    public static Optional<OptionDirective> directive(String name) {
        return DIRECTIVES.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Every directive at its initial value, as a section starts. */
    public static Map<String, String> initialValues() {
        return DIRECTIVES.stream().collect(Collectors.toMap(OptionDirective::name, OptionDirective::initial));
    }

    public String value(OptionDirective d) {
        return values.get(d.name());
    }

    /** The value of the directive called {@code name}; for tests and the few ldirectord formats that name one. */
    public String value(String name) {
        return value(directive(name).orElseThrow(() -> new IllegalArgumentException("no directive " + name)));
    }

    public CheckSettings withValue(OptionDirective d, String value) {
        Map<String, String> changed = new HashMap<>(values);
        changed.put(d.name(), value);
        return new CheckSettings(type, combinedConnects, service, changed, checkCommand, checkPort, checkTimeout,
                negotiateTimeout, checkCount, failureCount, checkInterval, rise);
    }

    /** The options the checks of this virtual read, before a real's own request and receive. */
    public CheckOptions options() {
        return options(this::value);
    }

    /** The options the checks of {@code real} read: its {@code request}/{@code receive}, if given, win. */
    public CheckOptions options(RealServer real) {
        return options(d -> d.name().equals(OptionDirective.REQUEST.name()) ? real.request().orElse(value(d))
                : d.name().equals(OptionDirective.RECEIVE.name()) ? real.receive().orElse(value(d)) : value(d));
    }

    /** negotiate and combined: the service's family; external: the receive (the virtual is the engine's); else none. */
    private CheckOptions options(Function<OptionDirective, String> v) {
        return switch (type) {
            case NEGOTIATE, COMBINED -> service.family().options(v);
            case EXTERNAL, EXTERNAL_PERL -> ExternalOptions.FAMILY.options(v);
            default -> CheckOptions.NONE;
        };
    }

    /** The non-empty values of the secret directives, for the log scrubber. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (OptionDirective d : DIRECTIVES) {
            if (d.secret() && !value(d).isEmpty()) {
                secrets.add(value(d));
            }
        }
        return secrets;
    }

    /** Never prints a password or secret. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CheckSettings[type=").append(type)
                .append(type == CheckType.COMBINED ? "(" + combinedConnects + ")" : "")
                .append(", service=").append(service.configName());
        for (OptionDirective d : DIRECTIVES) {
            String v = value(d);
            s.append(", ").append(d.name()).append('=').append(d.secret() && !v.isEmpty() ? "<hidden>" : v);
        }
        return s.append(", checkcommand=").append(checkCommand)
                .append(", checkport=").append(checkPort.isPresent() ? checkPort.getAsInt() : "")
                .append(", checktimeout=").append(checkTimeout.toSeconds())
                .append(", negotiatetimeout=").append(negotiateTimeout.toSeconds())
                .append(", checkcount=").append(checkCount).append(", failurecount=").append(failureCount)
                .append(", rise=").append(rise).append(']').toString();
    }
}
