package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of {@code checktype=external} and {@code external-perl}: the virtual the command is told about
 * ({@code check_external}'s first two arguments) and our receive extension for command templates.
 *
 * @param virtualAddress the virtual's address as ldirectord passes it ({@code 10.0.0.1}, {@code [2001:db8::1]},
 *                       or the fwmark number)
 * @param virtualPort    the virtual's port ({@code 0} for a fwmark)
 * @param receive        regex the command's output must match (templates only); empty = none
 */
public record ExternalOptions(String virtualAddress, String virtualPort, String receive) implements CheckOptions {

    /** The directives; the virtual is not one: {@link #withVirtual} sets it. */
    public static final OptionFamily<ExternalOptions> FAMILY = new OptionFamily<>(List.of(OptionDirective.RECEIVE),
            v -> new ExternalOptions("", "", v.apply(OptionDirective.RECEIVE)));

    public static final ExternalOptions DEFAULTS = FAMILY.initial();

    public ExternalOptions {
        Objects.requireNonNull(virtualAddress, "virtualAddress");
        Objects.requireNonNull(virtualPort, "virtualPort");
        Objects.requireNonNull(receive, "receive");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static ExternalOptions of(CheckTarget target) {
        return target.options() instanceof ExternalOptions o ? o : DEFAULTS;
    }

    public ExternalOptions withVirtual(String address, String port) {
        return new ExternalOptions(address, port, receive);
    }
}
