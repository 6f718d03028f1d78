package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the login-based checks: pop/pops, imap/imaps ({@code login}, {@code passwd}), ftp (also the
 * file to fetch and the regex its content must match) and ldap/ldaps (also the search base and the regex
 * the DN must match).
 *
 * @param login    login name; empty = none (pop: no USER/PASS, imap: no LOGIN, ldap: anonymous bind)
 * @param password password; never logged, hidden by {@link #toString()}
 * @param request  ftp: the file, with its leading {@code /}; ldap: the base DN after the {@code /}
 * @param receive  the regex (unanchored); empty = none
 */
public record LoginOptions(String login, String password, String request, String receive) implements CheckOptions {

    public static final OptionFamily<LoginOptions> FAMILY = new OptionFamily<>(
            List.of(OptionDirective.LOGIN, OptionDirective.PASSWD, OptionDirective.REQUEST, OptionDirective.RECEIVE),
            v -> new LoginOptions(v.apply(OptionDirective.LOGIN), v.apply(OptionDirective.PASSWD),
                    v.apply(OptionDirective.REQUEST), v.apply(OptionDirective.RECEIVE)));

    /** ldirectord's per-virtual defaults ({@code request="/"}, nothing else); ftp's login defaults are the parser's. */
    public static final LoginOptions DEFAULTS = FAMILY.initial();

    public LoginOptions {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static LoginOptions of(CheckTarget target) {
        return target.options() instanceof LoginOptions o ? o : DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LoginOptions[login=" + login + ", password=" + CheckOptions.hidden(password) + ", request=" + request
                + ", receive=" + receive + "]";
    }

    /** For test fixtures and the config assembly: starts from {@link #DEFAULTS} (or a copy). */
    public static final class Builder {
        private String login;
        private String password;
        private String request;
        private String receive;

        private Builder(LoginOptions from) {
            login = from.login;
            password = from.password;
            request = from.request;
            receive = from.receive;
        }

        public Builder credentials(String newLogin, String newPassword) {
            login = newLogin;
            password = newPassword;
            return this;
        }

        public Builder request(String value) {
            request = value;
            return this;
        }

        public Builder receive(String value) {
            receive = value;
            return this;
        }

        public LoginOptions build() {
            return new LoginOptions(login, password, request, receive);
        }
    }
}
