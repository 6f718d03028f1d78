package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the sip check ({@code check_sip}).
 *
 * @param login the user in {@code OPTIONS sip:<login>}; the parser's default is {@code ldirectord@<hostname>}
 */
public record SipOptions(String login) implements CheckOptions {

    /** No login: the parser's {@code ldirectord@<hostname>} default applies only to a parsed {@code service=sip}. */
    public static final OptionFamily<SipOptions> FAMILY = new OptionFamily<>(List.of(OptionDirective.LOGIN),
            v -> new SipOptions(v.apply(OptionDirective.LOGIN)));

    public static final SipOptions DEFAULTS = FAMILY.initial();

    public SipOptions {
        Objects.requireNonNull(login, "login");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static SipOptions of(CheckTarget target) {
        return target.options() instanceof SipOptions o ? o : DEFAULTS;
    }
}
