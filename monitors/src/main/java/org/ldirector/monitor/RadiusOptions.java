package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the radius check ({@code check_radius}): an Access-Request for {@code login}/{@code password}
 * signed with the shared {@code secret}.
 *
 * @param login    User-Name
 * @param password User-Password; never logged, hidden by {@link #toString()}
 * @param secret   shared secret; required by the check, never logged, hidden by {@link #toString()}
 */
public record RadiusOptions(String login, String password, String secret) implements CheckOptions {

    public static final OptionDirective SECRET = OptionDirective.quoted("secret", "", "invalid secret", true, v -> v);

    public static final OptionFamily<RadiusOptions> FAMILY = new OptionFamily<>(
            List.of(OptionDirective.LOGIN, OptionDirective.PASSWD, SECRET),
            v -> new RadiusOptions(v.apply(OptionDirective.LOGIN), v.apply(OptionDirective.PASSWD), v.apply(SECRET)));

    public static final RadiusOptions DEFAULTS = FAMILY.initial();

    public RadiusOptions {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(secret, "secret");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static RadiusOptions of(CheckTarget target) {
        return target.options() instanceof RadiusOptions o ? o : DEFAULTS;
    }

    /** Never prints the password or the secret. */
    @Override
    public String toString() {
        return "RadiusOptions[login=" + login + ", password=" + CheckOptions.hidden(password) + ", secret="
                + CheckOptions.hidden(secret) + "]";
    }
}
