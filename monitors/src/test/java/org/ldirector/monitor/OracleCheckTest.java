package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code service=oracle}. No Oracle server can run here (none is packaged for Debian), so these
 * tests cover what can be shown without one: the driver is on the class path and speaks to the
 * address and SID given, and every way of not reaching a database is DOWN within the timeout.
 */
class OracleCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "Oracle-pa55-never-logged";

    private final SqlCheck oracle = SqlCheck.oracle();

    private static CheckTarget target(int port, String database) {
        return CheckTarget.of("127.0.0.1", port, SqlOptions.builder().request("/SELECT 1 FROM DUAL").credentials("checker", PASSWORD).database(database).build());
    }

    @Test
    void urlNamesTheSidByDefault() {
        assertThat(SqlCheck.Dialect.ORACLE.url(target(1521, "ORCL"))).isEqualTo("jdbc:oracle:thin:@(DESCRIPTION="
                + "(RETRY_COUNT=0)(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=1521))(CONNECT_DATA=(SID=ORCL)))");
    }

    @Test
    void databaseStartingWithSlashIsAServiceName() {
        assertThat(SqlCheck.Dialect.ORACLE.url(target(1521, "/orclpdb1.example.test")))
                .endsWith("(CONNECT_DATA=(SERVICE_NAME=orclpdb1.example.test)))");
    }

    @Test
    void databaseThatCannotBeASidIsDownWithoutConnecting() {
        CheckResult result = oracle.check(target(1521, "ORCL)(HOST=elsewhere"), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("oracle checks need database=<SID>");
    }

    @Test
    void closedPortIsDownWithTheDriversReason() throws Exception {
        CheckResult result = oracle.check(target(HangingServer.closedPort(), "ORCL"), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("ORA-12541").doesNotContain("\n").doesNotContain(PASSWORD);
    }

    @Test
    void listenerThatAcceptsAndNeverAnswersIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(1500);
            long start = System.nanoTime();

            CheckResult result = oracle.check(target(silent.port(), "ORCL"), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(500));
            assertThat(result.up()).isFalse();
            assertThat(silent.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void peerSpeakingAnotherProtocolIsDown() throws Exception {
        try (LineServer http = LineServer.greetingOnly("HTTP/1.1 400 Bad Request")) {
            CheckResult result = oracle.check(target(http.port(), "ORCL"), TIMEOUT);

            assertThat(result.up()).isFalse();
        }
    }
}
