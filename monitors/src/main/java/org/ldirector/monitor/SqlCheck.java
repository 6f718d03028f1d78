package org.ldirector.monitor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ldirectord's {@code service=mysql}, {@code pgsql} and {@code oracle} negotiate check (
 * {@code check_sql}): log in, run the {@code request} as a query, UP iff it returns at least one
 * row. One {@link Dialect} per database.
 *
 * <p>One JDBC connection per check, never pooled: the check proves that a fresh login works. Each
 * check runs on its own virtual thread with the driver's connect and socket timeouts set to the
 * check timeout, plus {@link Statement#setQueryTimeout}; the calling thread waits at most the
 * timeout, then interrupts the worker (which closes its socket) and reports DOWN. So a server that
 * accepts and never greets costs the timeout, not the daemon (ldirectord had no timeout here).
 *
 * <p>The request is the configured string without ldirectord's leading {@code /}. The password
 * never appears in a message: it is scrubbed from driver messages as well.
 */
public final class SqlCheck implements Monitor {

    /** How to reach one kind of database over JDBC: the URL and the driver's timeout properties. */
    public enum Dialect {
        /** mysql-connector-j; works against MySQL and MariaDB. */
        MYSQL("MySQL") {
            @Override
            String url(CheckTarget target) {
                return "jdbc:mysql://" + target.hostForUrl() + ":" + target.port() + "/" + SqlOptions.of(target).database();
            }

            @Override
            void putTimeouts(Properties properties, Duration timeout) {
                String millis = Long.toString(Math.max(1, timeout.toMillis()));
                properties.setProperty("connectTimeout", millis);
                properties.setProperty("socketTimeout", millis);
                // A health check needs none of the driver's session chatter.
                properties.setProperty("connectionAttributes", "none");
            }
        },

        /**
         * pgjdbc. An empty {@code database} connects to the database named like the user (libpq's
         * default, which DBD::Pg used). pgjdbc's timeouts are whole seconds: rounded up.
         */
        PGSQL("PostgreSQL") {
            @Override
            String url(CheckTarget target) {
                return "jdbc:postgresql://" + target.hostForUrl() + ":" + target.port() + "/"
                        + URLEncoder.encode(SqlOptions.of(target).database(), StandardCharsets.UTF_8);
            }

            @Override
            void putTimeouts(Properties properties, Duration timeout) {
                String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
                properties.setProperty("connectTimeout", seconds);
                properties.setProperty("socketTimeout", seconds);
                properties.setProperty("loginTimeout", seconds);
                properties.setProperty("ApplicationName", "ldirector");
            }
        },

        /**
         * Oracle's thin driver (ojdbc11). {@code database} is the SID, as ldirectord's
         * {@code dbi:Oracle:sid=<database>} had it; a value starting with {@code /}
         * ({@code /orclpdb1.example.com}) names a service instead (pluggable databases have no
         * SID). The address is given as a connect descriptor, so no tnsnames.ora is consulted.
         */
        ORACLE("Oracle") {
            @Override
            String url(CheckTarget target) {
                String database = SqlOptions.of(target).database();
                String connectData = database.startsWith("/")
                        ? "(SERVICE_NAME=" + database.substring(1) + ")"
                        : "(SID=" + database + ")";
                return "jdbc:oracle:thin:@(DESCRIPTION=(RETRY_COUNT=0)(ADDRESS=(PROTOCOL=TCP)(HOST=" + target.host()
                        + ")(PORT=" + target.port() + "))(CONNECT_DATA=" + connectData + "))";
            }

            @Override
            String problem(CheckTarget target) {
                String database = SqlOptions.of(target).database();
                String name = database.startsWith("/") ? database.substring(1) : database;
                if (!ORACLE_NAME.matcher(name).matches()) {
                    return "oracle checks need database=<SID> or database=\"/<service name>\", not \""
                            + database + "\"";
                }
                return null;
            }

            @Override
            void putTimeouts(Properties properties, Duration timeout) {
                String millis = Long.toString(Math.max(1, timeout.toMillis()));
                properties.setProperty("oracle.net.CONNECT_TIMEOUT", millis);
                properties.setProperty("oracle.jdbc.ReadTimeout", millis);
                // Region time zones the server may not know fail the login with ORA-01882.
                properties.setProperty("oracle.jdbc.timezoneAsRegion", "false");
            }
        };

        private static final java.util.regex.Pattern ORACLE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.$#-]+");

        private final String displayName;

        Dialect(String displayName) {
            this.displayName = displayName;
        }

        abstract String url(CheckTarget target);

        abstract void putTimeouts(Properties properties, Duration timeout);

        /** Why {@code target} cannot be checked with this dialect at all; null when it can. */
        String problem(CheckTarget target) {
            return null;
        }

        /** {@code mysql} → MYSQL, {@code pgsql} → PGSQL, {@code oracle} → ORACLE (ldirectord's service names). */
        public static Dialect fromServiceName(String service) {
            return switch (service.toLowerCase(java.util.Locale.ROOT)) {
                case "mysql" -> MYSQL;
                case "pgsql" -> PGSQL;
                case "oracle" -> ORACLE;
                default -> throw new IllegalArgumentException("no SQL dialect for service " + service);
            };
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private final Dialect dialect;

    public SqlCheck(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** {@code new SqlCheck(Dialect.MYSQL)}. */
    public static SqlCheck mysql() {
        return new SqlCheck(Dialect.MYSQL);
    }

    /** {@code new SqlCheck(Dialect.PGSQL)}. */
    public static SqlCheck pgsql() {
        return new SqlCheck(Dialect.PGSQL);
    }

    /** {@code new SqlCheck(Dialect.ORACLE)}. */
    public static SqlCheck oracle() {
        return new SqlCheck(Dialect.ORACLE);
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        SqlOptions options = SqlOptions.of(target);
        String query = options.request().startsWith("/") ? options.request().substring(1) : options.request();
        if (options.login().isEmpty() || query.isBlank()) {
            return CheckResult.down("Error: Must specify a login and request string for MySQL, Oracle and "
                    + "PostgreSQL checks. Not adding " + target.hostForUrl() + ".");
        }
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        String problem = dialect.problem(target);
        if (problem != null) {
            return CheckResult.down(problem);
        }
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        FutureTask<CheckResult> task = new FutureTask<>(() -> query(target, options, query, timeout));
        Thread.ofVirtual().name("ldirector-sql-check").start(task);
        try {
            return task.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return CheckResult.down("timed out after " + Deadline.format(timeout));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.down(scrub(String.valueOf(cause), options.password()));
        }
    }

    private CheckResult query(CheckTarget target, SqlOptions options, String query, Duration timeout) {
        Properties properties = new Properties();
        properties.setProperty("user", options.login());
        properties.setProperty("password", options.password());
        dialect.putTimeouts(properties, timeout);
        try (Connection connection = DriverManager.getConnection(dialect.url(target), properties);
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            // One row answers the question; never pull a huge result set into memory (costs one SET round trip).
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery(query)) {
                return rows.next() ? CheckResult.up("-") : CheckResult.down("query returned no rows");
            }
        } catch (SQLException e) {
            return CheckResult.down(scrub(describe(e), options.password()));
        }
    }

    /** One line: the driver's first line plus the root cause ({@code Connection refused}), if any. */
    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        String first = (newline >= 0 ? message.substring(0, newline) : message).strip();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !first.contains(root.getMessage())) {
            first = first + " (" + root.getMessage() + ")";
        }
        return e.getSQLState() == null ? first : first + " [SQLState " + e.getSQLState() + "]";
    }

    private static String scrub(String message, String password) {
        return password.isEmpty() ? message : message.replace(password, "********");
    }
}
