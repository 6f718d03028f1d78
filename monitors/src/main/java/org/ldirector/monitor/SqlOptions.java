package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the mysql, pgsql and oracle checks ({@code check_sql}).
 *
 * @param login    database user; required by the check
 * @param password password; never logged, hidden by {@link #toString()}
 * @param database database name (Oracle: SID or {@code /service})
 * @param request  the query, with the leading {@code /} ldirectord's parser adds; required by the check
 */
public record SqlOptions(String login, String password, String database, String request) implements CheckOptions {

    public static final OptionDirective DATABASE = OptionDirective.quoted("database", "", "invalid database", false,
            v -> v);

    public static final OptionFamily<SqlOptions> FAMILY = new OptionFamily<>(
            List.of(OptionDirective.LOGIN, OptionDirective.PASSWD, DATABASE, OptionDirective.REQUEST),
            v -> new SqlOptions(v.apply(OptionDirective.LOGIN), v.apply(OptionDirective.PASSWD), v.apply(DATABASE),
                    v.apply(OptionDirective.REQUEST)));

    /** ldirectord's per-virtual defaults: {@code request="/"} (no query), nothing else set. */
    public static final SqlOptions DEFAULTS = FAMILY.initial();

    public SqlOptions {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(request, "request");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static SqlOptions of(CheckTarget target) {
        return target.options() instanceof SqlOptions o ? o : DEFAULTS;
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
        return "SqlOptions[login=" + login + ", password=" + CheckOptions.hidden(password) + ", database=" + database
                + ", request=" + request + "]";
    }

    /** For test fixtures and the config assembly: starts from {@link #DEFAULTS} (or a copy). */
    public static final class Builder {
        private String login;
        private String password;
        private String database;
        private String request;

        private Builder(SqlOptions from) {
            login = from.login;
            password = from.password;
            database = from.database;
            request = from.request;
        }

        public Builder credentials(String newLogin, String newPassword) {
            login = newLogin;
            password = newPassword;
            return this;
        }

        public Builder database(String value) {
            database = value;
            return this;
        }

        public Builder request(String value) {
            request = value;
            return this;
        }

        public SqlOptions build() {
            return new SqlOptions(login, password, database, request);
        }
    }
}
