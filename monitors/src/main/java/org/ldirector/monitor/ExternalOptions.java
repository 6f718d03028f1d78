package org.ldirector.monitor;

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

    public ExternalOptions {
        Objects.requireNonNull(virtualAddress, "virtualAddress");
        Objects.requireNonNull(virtualPort, "virtualPort");
        Objects.requireNonNull(receive, "receive");
    }

    /** This family's options of {@code target} (until {@link CheckTarget} carries a {@link CheckOptions} itself). */
    public static ExternalOptions of(CheckTarget target) {
        return new ExternalOptions(target.virtualAddress(), target.virtualPort(), target.receive());
    }
}
