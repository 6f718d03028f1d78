package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code service=pgsql} against a real PostgreSQL server started for this class. */
class PgsqlCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static PostgresServer server;

    private final SqlCheck pgsql = SqlCheck.pgsql();

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static CheckTarget real(String request) {
        return real(request, UnaryOperator.identity());
    }

    private static CheckTarget real(String request, UnaryOperator<SqlOptions.Builder> change) {
        return CheckTarget.of("127.0.0.1", server.port(), change.apply(SqlOptions.builder().request(request)
                .credentials(PostgresServer.USER, PostgresServer.PASSWORD).database(PostgresServer.DATABASE)).build());
    }

    @Test
    void queryReturningRowsIsUp() {
        assertThat(pgsql.check(real("/SELECT * FROM health WHERE status = 'ok'"), TIMEOUT))
                .isEqualTo(CheckResult.up("-"));
    }

    @Test
    void queryReturningNoRowsIsDown() {
        assertThat(pgsql.check(real("/SELECT * FROM nothing"), TIMEOUT))
                .isEqualTo(CheckResult.down("query returned no rows"));
    }

    @Test
    void emptyDatabaseMeansTheDatabaseNamedLikeTheUser() {
        // libpq's default, which DBD::Pg used: there is no database "checker", so this fails by name.
        CheckResult result = pgsql.check(real("/SELECT 1", o -> o.database("")), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("\"" + PostgresServer.USER + "\"");
    }

    @Test
    void wrongPasswordIsDownAndThePasswordIsNotInTheMessage() {
        String wrong = "wr0ng-" + PostgresServer.PASSWORD;

        CheckResult result = pgsql.check(real("/SELECT 1", o -> o.credentials(PostgresServer.USER, wrong)), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("password authentication failed").doesNotContain(wrong)
                .doesNotContain(PostgresServer.PASSWORD);
    }

    @Test
    void invalidQueryIsDownWithServerMessage() {
        CheckResult result = pgsql.check(real("/SELECT * FROM no_such_table"), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("no_such_table");
    }

    @Test
    void missingLoginIsDownWithLdirectordMessage() {
        assertThat(pgsql.check(real("/SELECT 1", o -> o.credentials("", "")), TIMEOUT).message())
                .startsWith("Error: Must specify a login and request string");
    }

    @Test
    void slowQueryIsDownWithinTimeout() {
        Duration timeout = Duration.ofSeconds(1);
        long start = System.nanoTime();

        CheckResult result = pgsql.check(real("/SELECT pg_sleep(10)"), timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(500));
        assertThat(result.up()).isFalse();
    }

    @Test
    void closedPortIsDown() throws Exception {
        CheckTarget target = CheckTarget.of("127.0.0.1", HangingServer.closedPort(), SqlOptions.builder().request("/SELECT 1").credentials(PostgresServer.USER, PostgresServer.PASSWORD).build());

        CheckResult result = pgsql.check(target, TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("refused").doesNotContain("\n");
    }

    @Test
    void serverThatAcceptsAndNeverAnswersIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            CheckTarget target = CheckTarget.of("127.0.0.1", silent.port(), SqlOptions.builder().request("/SELECT 1").credentials(PostgresServer.USER, PostgresServer.PASSWORD).build());
            Duration timeout = Duration.ofMillis(800);
            long start = System.nanoTime();

            CheckResult result = pgsql.check(target, timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(500));
            assertThat(result.up()).isFalse();
        }
    }

    @Test
    void interruptedCheckReturnsPromptlyAndKeepsInterruptStatus() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            CheckTarget target = CheckTarget.of("127.0.0.1", silent.port(), SqlOptions.builder().request("/SELECT 1").credentials(PostgresServer.USER, PostgresServer.PASSWORD).build());
            AtomicReference<CheckResult> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread checker = Thread.ofPlatform().start(() -> {
                result.set(pgsql.check(target, Duration.ofSeconds(30)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            while (silent.acceptedConnections() == 0) {
                Thread.sleep(10);
            }

            checker.interrupt();

            assertThat(checker.join(Duration.ofSeconds(1))).as("returned within 1 s of the interrupt").isTrue();
            assertThat(result.get()).isEqualTo(CheckResult.down("interrupted"));
            assertThat(stillInterrupted).isTrue();
        }
    }
}
