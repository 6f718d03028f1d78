package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recurring checks on a loop with the native transport ({@link EpollTransport}), whatever
 * {@value CheckLoops#NATIVE_PROPERTY} says: the same verdicts and messages as on the JDK's
 * selector for a healthy real, a refused connect, a peer that never answers (bounded by the
 * timeout), a peer that closes without an answer, and many checks at once.
 */
class EpollTransportTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static ExchangeLoop nativeLoop;
    private static ExchangeLoop selectorLoop;

    private final List<RecurringCheck> checks = new ArrayList<>();

    @BeforeAll
    static void loops() {
        nativeLoop = ExchangeLoop.nativeLoop("check-io-native-test");
        assumeThat(nativeLoop).as("JNA and libc's epoll (Linux)").isNotNull();
        selectorLoop = CheckLoops.shared();
        assertThat(nativeLoop.isNative()).isTrue();
        assertThat(selectorLoop.isNative()).isFalse();
    }

    @AfterEach
    void stop() {
        checks.forEach(RecurringCheck::stop);
    }

    private static void waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("waited %s", max).isNegative();
            Thread.sleep(10);
        }
    }

    /** One verdict and how long it took. */
    private record Seen(CheckResult result, long durationNanos, String thread) {
    }

    private List<Seen> http(CheckTarget target, Duration timeout, Duration interval, ExchangeLoop loop) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        RecurringCheck check = new NonBlockingHttpCheck().recurring(target, timeout, interval,
                (r, started, took, late) -> seen.add(new Seen(r, took, Thread.currentThread().getName())), loop);
        assertThat(check).isNotNull();
        checks.add(check);
        check.start(Duration.ZERO);
        return seen;
    }

    private List<Seen> connect(CheckTarget target, Duration timeout, ExchangeLoop loop) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        RecurringCheck check = new NonBlockingConnectCheck().recurring(target, timeout, Duration.ofMillis(100),
                (r, started, took, late) -> seen.add(new Seen(r, took, Thread.currentThread().getName())), loop);
        assertThat(check).isNotNull();
        checks.add(check);
        check.start(Duration.ZERO);
        return seen;
    }

    /** The first verdict of the same check on the selector and on the native transport. */
    private CheckResult[] both(CheckTarget target, Duration timeout) throws InterruptedException {
        List<Seen> jdk = http(target, timeout, Duration.ofHours(1), selectorLoop);
        List<Seen> epoll = http(target, timeout, Duration.ofHours(1), nativeLoop);
        waitFor(Duration.ofSeconds(10), () -> !jdk.isEmpty() && !epoll.isEmpty());
        assertThat(epoll.get(0).thread()).isEqualTo("check-io-native-test");
        return new CheckResult[] {jdk.get(0).result(), epoll.get(0).result()};
    }

    @Test
    void onlyRecurringChecksOfIpv4RealsGoNativeAndOnlyWhenAsked() throws Exception {
        boolean asked = Boolean.getBoolean(CheckLoops.NATIVE_PROPERTY);
        assertThat(CheckLoops.forRecurring(new java.net.InetSocketAddress("127.0.0.1", 80)).isNative()).isEqualTo(asked);
        assertThat(CheckLoops.forRecurring(new java.net.InetSocketAddress("::1", 80)).isNative()).isFalse();
        assertThat(CheckLoops.shared().isNative()).isFalse();
    }

    @Test
    void aHealthyRealIsUpOnFreshConnections() throws Exception {
        try (RawServer server = new RawServer(OK)) {
            CheckTarget target = CheckTarget.of("127.0.0.1", server.port(),
                    HttpOptions.builder().request("/index.html").receive("ok").build());
            List<Seen> seen = http(target, Duration.ofSeconds(2), Duration.ofMillis(100), nativeLoop);
            waitFor(Duration.ofSeconds(10), () -> seen.size() >= 5);
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.result()).isEqualTo(CheckResult.up("200 OK"));
                assertThat(s.thread()).isEqualTo("check-io-native-test");
            });
            String oneOff = new String(new NonBlockingHttpCheck().requestBytes(target), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(server.requests()).allMatch(oneOff::equals);
            assertThat(server.connections()).isGreaterThanOrEqualTo(seen.size());

            List<Seen> bare = connect(CheckTarget.of("127.0.0.1", server.port()), Duration.ofSeconds(2), nativeLoop);
            waitFor(Duration.ofSeconds(10), () -> !bare.isEmpty());
            assertThat(bare.get(0).result()).isEqualTo(CheckResult.up("-"));
        }
    }

    @Test
    void aRefusedConnectGivesTheSelectorsMessage() throws Exception {
        int port = HangingServer.closedPort();
        CheckTarget target = CheckTarget.of("127.0.0.1", port);
        CheckResult[] r = both(target, Duration.ofSeconds(2));
        assertThat(r[1]).isEqualTo(r[0])
                .isEqualTo(CheckResult.down("500 Can't connect to 127.0.0.1:" + port + " (Connection refused)"));

        List<Seen> jdk = connect(target, Duration.ofSeconds(2), selectorLoop);
        List<Seen> epoll = connect(target, Duration.ofSeconds(2), nativeLoop);
        waitFor(Duration.ofSeconds(10), () -> !jdk.isEmpty() && !epoll.isEmpty());
        assertThat(epoll.get(0).result()).isEqualTo(jdk.get(0).result()).isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void aPeerThatNeverAnswersIsBoundedByTheTimeout() throws Exception {
        try (HangingServer hung = new HangingServer()) {
            Duration timeout = Duration.ofMillis(300);
            List<Seen> seen = http(CheckTarget.of("127.0.0.1", hung.port()), timeout, Duration.ofMillis(100), nativeLoop);
            waitFor(Duration.ofSeconds(10), () -> seen.size() >= 3);
            assertThat(seen).allSatisfy(s -> assertThat(s.result()).isEqualTo(CheckResult.down("500 Timeout Alarm")));
            assertThat(seen.get(0).durationNanos()).as("the first probe is tried twice").isGreaterThanOrEqualTo(2 * timeout.toNanos());
            for (Seen s : seen.subList(1, seen.size())) {
                assertThat(s.durationNanos()).isBetween(timeout.toNanos(), timeout.plusMillis(250).toNanos());
            }
            assertThat(hung.acceptedConnections()).isGreaterThanOrEqualTo(seen.size() + 1);
        }
    }

    @Test
    void aPeerThatClosesEarlyGivesTheSelectorsVerdict() throws Exception {
        try (RawServer closing = new RawServer(""); RawServer truncated = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok")) {
            CheckResult[] r = both(CheckTarget.of("127.0.0.1", closing.port()), Duration.ofSeconds(2));
            assertThat(r[1]).isEqualTo(r[0]);
            assertThat(r[1].up()).isFalse();
            // With no receive string the status line decides, before the body is short.
            r = both(CheckTarget.of("127.0.0.1", truncated.port()), Duration.ofSeconds(2));
            assertThat(r[1]).isEqualTo(r[0]);
        }
    }

    @Test
    void manyChecksAtOnce() throws Exception {
        List<RawServer> servers = new ArrayList<>();
        try {
            List<List<Seen>> all = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                RawServer server = new RawServer(OK);
                servers.add(server);
                for (int i = 0; i < 40; i++) {
                    all.add(http(CheckTarget.of("127.0.0.1", server.port()), Duration.ofSeconds(3), Duration.ofMillis(200), nativeLoop));
                }
            }
            waitFor(Duration.ofSeconds(20), () -> all.stream().allMatch(seen -> seen.size() >= 3));
            assertThat(all).allSatisfy(seen -> assertThat(seen).allSatisfy(
                    s -> assertThat(s.result()).isEqualTo(CheckResult.up("200 OK"))));
        } finally {
            for (RawServer s : servers) {
                s.close();
            }
        }
    }
}
