package org.ldirector.monitor;

import java.util.Objects;

/**
 * Options of the sip check ({@code check_sip}).
 *
 * @param login the user in {@code OPTIONS sip:<login>}; the parser's default is {@code ldirectord@<hostname>}
 */
public record SipOptions(String login) implements CheckOptions {

    public SipOptions {
        Objects.requireNonNull(login, "login");
    }

    /** This family's options of {@code target} (until {@link CheckTarget} carries a {@link CheckOptions} itself). */
    public static SipOptions of(CheckTarget target) {
        return new SipOptions(target.login());
    }
}
