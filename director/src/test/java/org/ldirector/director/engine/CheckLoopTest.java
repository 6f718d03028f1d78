package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ldirector.director.engine.TestConfigs.real;
import static org.ldirector.director.engine.TestConfigs.virtual;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.VirtualService;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.Monitor;

/**
 * The probe loop under overload: one monitor call per check in flight, admission control that
 * turns overload into lateness, lateness recorded as it is, and a second chance for a first probe
 * that timed out.
 */
class CheckLoopTest {

    private final List<CheckLoop> loops = new ArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<Long> lateness = Collections.synchronizedList(new ArrayList<>());

    /** Per host: how the n-th call (from 1) behaves. */
    private final Map<String, BiFunction<Integer, Duration, CheckResult>> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
    private final AtomicInteger runningAll = new AtomicInteger();
    private final AtomicInteger maxRunningAll = new AtomicInteger();

    private final Monitor monitor = (CheckTarget target, Duration timeout) -> {
        String host = target.host();
        int n = calls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        int now = running.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        maxRunning.computeIfAbsent(host, h -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        maxRunningAll.accumulateAndGet(runningAll.incrementAndGet(), Math::max);
        try {
            return behaviour.getOrDefault(host, (i, t) -> CheckResult.up("200 OK")).apply(n, timeout);
        } finally {
            running.get(host).decrementAndGet();
            runningAll.decrementAndGet();
        }
    };

    private final MonitorFactory monitors = new OneMonitorFactory() {
        @Override
        CheckResult check(CheckTarget target, Duration timeout) {
            return monitor.check(target, timeout);
        }
    };

    @AfterEach
    void stopLoops() {
        loops.forEach(CheckLoop::stop);
    }

    private static CheckSpec spec(String host) {
        VirtualService v = virtual("10.0.0.1:80").real(real(host + ":80", 1))
                .check(TestConfigs.check(CheckType.NEGOTIATE, 1)).build();
        return CheckSpec.of(v, v.reals().get(0));
    }

    private void loop(String host, Duration interval, InFlightLimit limit) {
        CheckLoop loop = new CheckLoop(new Probe(spec(host), monitors), interval, Duration.ZERO,
                (spec, result, nanos) -> delivered.add(spec.target().host() + " " + (result.up() ? "up" : "down") + " " + result.message()),
                lateness::add, limit);
        loops.add(loop);
        loop.start();
    }

    private int calls(String host) {
        return calls.computeIfAbsent(host, h -> new AtomicInteger()).get();
    }

    /** Ignores its timeout and interrupts for {@code d}, like a badly written check. */
    private static CheckResult hang(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ignored) {
                // keep hanging
            }
        }
        return CheckResult.up("late");
    }

    private static CheckResult sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        }
        return CheckResult.up("200 OK");
    }

    @Test
    void aCheckThatOutlivesItsTimeoutIsNeverStartedTwice() throws Exception {
        // Every call ignores its 1 s timeout for 3.5 s; the loop asks for one probe a second.
        behaviour.put("10.0.0.2", (n, t) -> hang(Duration.ofMillis(3500)));
        loop("10.0.0.2", Duration.ofSeconds(1), InFlightLimit.UNLIMITED);
        Thread.sleep(5000);
        assertThat(maxRunning.get("10.0.0.2").get()).as("calls in flight at once").isEqualTo(1);
        // Started at 0 and, once the first had ended, at the round of 4 s: two calls, not five.
        assertThat(calls("10.0.0.2")).isEqualTo(2);
        // The abandoned call was reported down at its deadline; the skipped rounds as failures.
        assertThat(delivered).first().asString().startsWith("10.0.0.2 down timed out after 1 s");
        assertThat(delivered).allMatch(d -> d.startsWith("10.0.0.2 down"));
        assertThat(delivered).contains("10.0.0.2 down the previous check has not returned");
    }

    @Test
    void probesWaitForAPermitAndTheWaitIsRecordedAsLateness() throws Exception {
        // One permit, two checks of 80 ms (less than the early release) due at the same instant:
        // they run one after the other, and the second starts about 80 ms late.
        behaviour.put("10.0.0.2", (n, t) -> sleep(Duration.ofMillis(80)));
        behaviour.put("10.0.0.3", (n, t) -> sleep(Duration.ofMillis(80)));
        InFlightLimit one = new InFlightLimit(1);
        loop("10.0.0.2", Duration.ofSeconds(1), one);
        loop("10.0.0.3", Duration.ofSeconds(1), one);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() >= 4);
        assertThat(maxRunningAll.get()).as("probes at once with one permit").isEqualTo(1);
        assertThat(lateness).anyMatch(ns -> ns >= Duration.ofMillis(60).toNanos());
    }

    @Test
    void aProbeWaitingOnAHungPeerGivesItsPermitBack() throws Exception {
        // One permit: a check hung on its peer for its whole 1 s timeout must not keep the other
        // check from running meanwhile.
        behaviour.put("10.0.0.2", (n, t) -> sleep(t.plusSeconds(5)));
        InFlightLimit one = new InFlightLimit(1);
        loop("10.0.0.2", Duration.ofSeconds(1), one);
        Thread.sleep(20);
        loop("10.0.0.3", Duration.ofMillis(200), one);
        Thread.sleep(2000);
        assertThat(maxRunningAll.get()).isEqualTo(2);
        assertThat(calls("10.0.0.3")).as("healthy checks in 2 s at 200 ms").isGreaterThanOrEqualTo(6);
    }

    @Test
    void aLoopSurvivesAnExceptionFromWhereItsResultsGo() throws Exception {
        AtomicInteger deliveries = new AtomicInteger();
        CheckLoop loop = new CheckLoop(new Probe(spec("10.0.0.4"), monitors), Duration.ofMillis(100), Duration.ZERO,
                (spec, result, nanos) -> {
                    if (deliveries.incrementAndGet() == 1) {
                        throw new IllegalStateException("the consumer broke once");
                    }
                }, lateness::add, InFlightLimit.UNLIMITED);
        loops.add(loop);
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.get() >= 3);
    }

    @Test
    void aFirstProbeThatTimedOutIsTriedOnceMore() throws Exception {
        // Slow on a cold start: the first call runs into its timeout, the second answers at once.
        behaviour.put("10.0.0.2", (n, t) -> n == 1 ? sleep(t.plusSeconds(1)) : CheckResult.up("200 OK"));
        loop("10.0.0.2", Duration.ofSeconds(5), InFlightLimit.UNLIMITED);
        await().atMost(Duration.ofSeconds(4)).until(() -> !delivered.isEmpty());
        assertThat(delivered).containsExactly("10.0.0.2 up 200 OK");
        assertThat(calls("10.0.0.2")).isEqualTo(2);
    }

    @Test
    void aFirstProbeRefusedAtOnceCountsAtOnce() throws Exception {
        behaviour.put("10.0.0.2", (n, t) -> CheckResult.down("500 Can't connect to 10.0.0.2:80 (Connection refused)"));
        loop("10.0.0.2", Duration.ofSeconds(5), InFlightLimit.UNLIMITED);
        await().atMost(Duration.ofSeconds(2)).until(() -> !delivered.isEmpty());
        Thread.sleep(200);
        assertThat(delivered).containsExactly("10.0.0.2 down 500 Can't connect to 10.0.0.2:80 (Connection refused)");
        assertThat(calls("10.0.0.2")).isEqualTo(1);
    }

    @Test
    void aTimedOutFirstProbeStillCountsWhenTheSecondTryAlsoTimesOut() throws Exception {
        behaviour.put("10.0.0.2", (n, t) -> sleep(t.plusSeconds(1)));
        loop("10.0.0.2", Duration.ofSeconds(10), InFlightLimit.UNLIMITED);
        await().atMost(Duration.ofSeconds(6)).until(() -> !delivered.isEmpty());
        assertThat(delivered).containsExactly("10.0.0.2 down timed out after 1 s");
    }

    @Test
    void anOverrunIsRecordedFromThePreviousEndNotAsZeroAndNotAsTheWholeBacklog() throws Exception {
        // 900 ms checks every 500 ms: each starts right after the previous one ends, on time.
        behaviour.put("10.0.0.2", (n, t) -> sleep(Duration.ofMillis(900)));
        loop("10.0.0.2", Duration.ofMillis(500), InFlightLimit.UNLIMITED);
        await().atMost(Duration.ofSeconds(5)).until(() -> lateness.size() >= 4);
        synchronized (lateness) {
            assertThat(lateness).allMatch(ns -> ns < Duration.ofMillis(100).toNanos());
        }
    }
}
