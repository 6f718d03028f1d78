package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks scheduled by the event loop itself ({@link RecurringCheck}): a fixed rate of fresh
 * connections with the one-off check's bytes, a hung backend bounded by its timeout and in nobody
 * else's way, the first timed-out probe tried once more, "check now", and stop.
 */
class RecurringCheckTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final List<RecurringCheck> checks = new ArrayList<>();

    /** One verdict as the listener saw it. */
    private record Seen(CheckResult result, long startedNanos, long durationNanos, long latenessNanos, String thread) {
    }

    private static void waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("waited %s", max).isNegative();
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stop() {
        checks.forEach(RecurringCheck::stop);
    }

    private List<Seen> schedule(AsyncMonitor monitor, CheckTarget target, Duration timeout, Duration interval) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        RecurringCheck check = monitor.recurring(target, timeout, interval,
                (r, started, took, late) -> seen.add(new Seen(r, started, took, late, Thread.currentThread().getName())));
        assertThat(check).as("a plain target is scheduled on the loop").isNotNull();
        checks.add(check);
        check.start(Duration.ZERO);
        return seen;
    }

    @Test
    void probesAtAFixedRateOnFreshConnectionsWithTheOneOffChecksBytes() throws Exception {
        try (RawServer server = new RawServer(OK)) {
            NonBlockingHttpCheck http = new NonBlockingHttpCheck();
            CheckTarget target = CheckTarget.of("127.0.0.1", server.port(), HttpOptions.builder().request("/index.html").receive("ok").build());
            List<Seen> seen = schedule(http, target, Duration.ofSeconds(2), Duration.ofMillis(200));

            waitFor(Duration.ofSeconds(10), () -> seen.size() >= 5);

            assertThat(seen).allSatisfy(s -> {
                assertThat(s.result()).isEqualTo(CheckResult.up("200 OK"));
                assertThat(s.thread()).startsWith("check-io-");
                assertThat(s.latenessNanos()).isBetween(0L, Duration.ofMillis(150).toNanos());
            });
            for (int i = 1; i < seen.size(); i++) {
                long gap = seen.get(i).startedNanos() - seen.get(i - 1).startedNanos();
                assertThat(gap).as("start to start").isBetween(Duration.ofMillis(100).toNanos(), Duration.ofMillis(400).toNanos());
            }
            String oneOff = new String(http.requestBytes(target), StandardCharsets.ISO_8859_1);
            assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(5).allMatch(oneOff::equals);
            assertThat(server.connections()).as("a fresh connection per probe").isGreaterThanOrEqualTo(seen.size());
        }
    }

    @Test
    void aHungBackendTimesOutAtItsTimeoutAfterOneRetryAndDelaysNoOtherCheck() throws Exception {
        try (HangingServer hung = new HangingServer(); RawServer good = new RawServer(OK)) {
            NonBlockingHttpCheck http = new NonBlockingHttpCheck();
            Duration timeout = Duration.ofMillis(300);
            List<Seen> hanging = schedule(http, CheckTarget.of("127.0.0.1", hung.port()), timeout, Duration.ofMillis(100));
            List<Seen> healthy = schedule(http, CheckTarget.of("127.0.0.1", good.port()), timeout, Duration.ofMillis(100));

            waitFor(Duration.ofSeconds(10), () -> hanging.size() >= 3);

            assertThat(hanging).allSatisfy(s -> assertThat(s.result()).isEqualTo(CheckResult.down("500 Timeout Alarm")));
            // The first probe ran into its timeout and was tried once more: one result, two connections.
            assertThat(hanging.get(0).durationNanos()).isGreaterThanOrEqualTo(2 * timeout.toNanos());
            for (Seen s : hanging.subList(1, hanging.size())) {
                assertThat(s.durationNanos()).isBetween(timeout.toNanos(), timeout.plusMillis(250).toNanos());
            }
            assertThat(hung.acceptedConnections()).isGreaterThanOrEqualTo(hanging.size() + 1);
            // Meanwhile the healthy real was checked every 100 ms, as if nothing hung.
            assertThat(healthy).hasSizeGreaterThanOrEqualTo(8)
                    .allSatisfy(s -> assertThat(s.result()).isEqualTo(CheckResult.up("200 OK")));
        }
    }

    @Test
    void pokeRunsTheNextProbeNowAndStopEndsThem() throws Exception {
        try (RawServer server = new RawServer(OK)) {
            NonBlockingConnectCheck connect = new NonBlockingConnectCheck();
            CheckTarget target = CheckTarget.of("127.0.0.1", server.port());
            List<Seen> seen = new CopyOnWriteArrayList<>();
            RecurringCheck check = connect.recurring(target, Duration.ofSeconds(1), Duration.ofHours(1),
                    (r, started, took, late) -> seen.add(new Seen(r, started, took, late, Thread.currentThread().getName())));
            checks.add(check);
            check.start(Duration.ZERO);
            waitFor(Duration.ofSeconds(5), () -> seen.size() == 1);
            assertThat(seen.get(0).result()).isEqualTo(CheckResult.up("-"));
            assertThat(seen.get(0).latenessNanos()).isGreaterThanOrEqualTo(0);

            check.poke();
            waitFor(Duration.ofSeconds(5), () -> seen.size() == 2);
            assertThat(seen.get(1).latenessNanos()).as("a probe on request is not late").isEqualTo(-1);

            check.stop();
            check.poke();
            Thread.sleep(300);
            assertThat(seen).hasSize(2);
        }
    }

    @Test
    void targetsTheLoopDoesNotPlanAreLeftToTheCaller() {
        NonBlockingHttpCheck http = new NonBlockingHttpCheck();
        RecurringCheck.Listener ignore = (r, s, d, l) -> { };
        assertThat(http.recurring(CheckTarget.of("localhost", 80), Duration.ofSeconds(1), Duration.ofSeconds(1), ignore)).isNull();
        assertThat(http.recurring(CheckTarget.of("127.0.0.1", 80, HttpOptions.builder().virtualHost("www.example.test").build()),
                Duration.ofSeconds(1), Duration.ofSeconds(1), ignore)).isNull();
        assertThat(new NonBlockingConnectCheck().recurring(CheckTarget.of("127.0.0.1", 0), Duration.ofSeconds(1),
                Duration.ofSeconds(1), ignore)).isNull();
    }
}
