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

/** {@code service=mysql} against a real MariaDB server started for this class. */
class SqlCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static MariaDbServer server;

    private final SqlCheck mysql = SqlCheck.mysql();

    @BeforeAll
    static void startServer() throws Exception {
        server = MariaDbServer.start(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static CheckTarget real(String request) {
        return real(request, UnaryOperator.identity());
    }

    private static CheckTarget real(String request, UnaryOperator<SqlOptions.Builder> change) {
        return CheckTarget.of("127.0.0.1", server.port(), change.apply(SqlOptions.builder().request(request)
                .credentials(MariaDbServer.USER, MariaDbServer.PASSWORD).database(MariaDbServer.DATABASE)).build());
    }

    @Test
    void queryReturningRowsIsUp() {
        assertThat(mysql.check(real("/SELECT * FROM health WHERE status = 'ok'"), TIMEOUT))
                .isEqualTo(CheckResult.up("-"));
    }

    @Test
    void requestWithoutLeadingSlashWorksToo() {
        assertThat(mysql.check(real("SELECT 1"), TIMEOUT).up()).isTrue();
    }

    @Test
    void queryReturningNoRowsIsDown() {
        assertThat(mysql.check(real("/SELECT * FROM nothing"), TIMEOUT))
                .isEqualTo(CheckResult.down("query returned no rows"));
    }

    @Test
    void wrongPasswordIsDownAndThePasswordIsNotInTheMessage() {
        String wrong = "wr0ng-" + MariaDbServer.PASSWORD;
        CheckResult result = mysql.check(real("/SELECT 1", o -> o.credentials(MariaDbServer.USER, wrong)), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("Access denied").doesNotContain(wrong)
                .doesNotContain(MariaDbServer.PASSWORD);
    }

    @Test
    void missingLoginIsDownWithLdirectordMessage() {
        CheckResult result = mysql.check(real("/SELECT 1", o -> o.credentials("", "")), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("Error: Must specify a login and request string for MySQL, "
                + "Oracle and PostgreSQL checks. Not adding 127.0.0.1."));
    }

    @Test
    void missingRequestIsDownWithLdirectordMessage() {
        CheckResult result = mysql.check(real("/"), TIMEOUT);

        assertThat(result.message()).startsWith("Error: Must specify a login and request string");
        assertThat(result.up()).isFalse();
    }

    @Test
    void invalidQueryIsDownWithServerMessage() {
        CheckResult result = mysql.check(real("/SELECT * FROM no_such_table"), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("no_such_table");
    }

    @Test
    void unknownDatabaseIsDown() {
        CheckResult result = mysql.check(real("/SELECT 1", o -> o.database("no_such_db")), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("no_such_db");
    }

    @Test
    void closedPortIsDown() throws Exception {
        int port = HangingServer.closedPort();
        CheckTarget target = CheckTarget.of("127.0.0.1", port, SqlOptions.builder().request("/SELECT 1").credentials(MariaDbServer.USER, MariaDbServer.PASSWORD).build());

        CheckResult result = mysql.check(target, TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("Connection refused").doesNotContain("\n");
    }

    @Test
    void serverThatAcceptsAndNeverGreetsIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            CheckTarget target = CheckTarget.of("127.0.0.1", silent.port(), SqlOptions.builder().request("/SELECT 1").credentials(MariaDbServer.USER, MariaDbServer.PASSWORD).build());
            Duration timeout = Duration.ofMillis(800);
            long start = System.nanoTime();

            CheckResult result = mysql.check(target, timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
            assertThat(result.up()).isFalse();
            assertThat(silent.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void slowQueryIsDownWithinTimeout() {
        Duration timeout = Duration.ofSeconds(1);
        long start = System.nanoTime();

        CheckResult result = mysql.check(real("/SELECT SLEEP(10) FROM health"), timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(result.up()).isFalse();
    }

    @Test
    void interruptedCheckReturnsPromptlyAndKeepsInterruptStatus() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            CheckTarget target = CheckTarget.of("127.0.0.1", silent.port(), SqlOptions.builder().request("/SELECT 1").credentials(MariaDbServer.USER, MariaDbServer.PASSWORD).build());
            AtomicReference<CheckResult> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread checker = Thread.ofVirtual().start(() -> {
                result.set(mysql.check(target, Duration.ofSeconds(30)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            Thread.sleep(300);

            checker.interrupt();

            assertThat(checker.join(Duration.ofSeconds(1))).as("returned within 1 s of the interrupt").isTrue();
            assertThat(result.get()).isEqualTo(CheckResult.down("interrupted"));
            assertThat(stillInterrupted).isTrue();
        }
    }

    @Test
    void concurrentChecksEachUseTheirOwnConnection() throws Exception {
        var threads = new java.util.ArrayList<Thread>();
        var ups = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 40; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                if (mysql.check(real("/SELECT id FROM health"), TIMEOUT).up()) {
                    ups.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(ups).hasValue(40);
    }
}
