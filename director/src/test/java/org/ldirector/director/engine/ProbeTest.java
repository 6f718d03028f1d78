package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.Service;
import org.ldirector.monitor.AsyncMonitor;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.HttpOptions;
import org.ldirector.monitor.Monitor;

/**
 * Probes of event-loop monitors ({@link AsyncMonitor}): waited on, not run on a thread of their
 * own, with the same bounds and messages as blocking monitors; the real ones against real
 * loopback servers.
 */
class ProbeTest {

    private static CheckSpec spec(CheckType type, int port) {
        return new CheckSpec(type, 0, Service.HTTP, CheckTarget.of("127.0.0.1", port,
                HttpOptions.builder().request("/index.html").receive("ok").build()), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, "");
    }

    @Test
    void answeringRealIsUpThroughTheStandardMonitors() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            StandardMonitors monitors = new StandardMonitors();

            assertThat(new Probe(spec(CheckType.NEGOTIATE, listener.getLocalPort()), monitors).run(InFlightLimit.Permit.NONE))
                    .isEqualTo(CheckResult.up("200 OK"));
            assertThat(new Probe(spec(CheckType.CONNECT, listener.getLocalPort()), monitors).run(InFlightLimit.Permit.NONE))
                    .isEqualTo(CheckResult.up("-"));
        }
    }

    @Test
    void hangingRealIsDownWithinItsTimeoutAndNotStuck() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // Never accepted: the kernel completes the handshake from the backlog, nobody answers.
            Probe probe = new Probe(spec(CheckType.NEGOTIATE, listener.getLocalPort()), new StandardMonitors());
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();

                CheckResult r = probe.run(InFlightLimit.Permit.NONE);

                assertThat(r).isEqualTo(CheckResult.down("500 Timeout Alarm"));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1500));
            }
        }
    }

    @Test
    void asyncMonitorIsAwaitedWithoutBlockingCallAndCancelledAtItsLimit() {
        AtomicReference<CompletableFuture<CheckResult>> started = new AtomicReference<>();
        AtomicInteger blockingCalls = new AtomicInteger();
        AsyncMonitor neverAnswers = new AsyncMonitor() {
            @Override
            public CompletableFuture<CheckResult> start(CheckTarget target, Duration timeout) {
                started.set(new CompletableFuture<>());
                return started.get();
            }

            @Override
            public CheckResult check(CheckTarget target, Duration timeout) {
                blockingCalls.incrementAndGet();
                return AsyncMonitor.super.check(target, timeout);
            }
        };
        MonitorFactory monitors = new OneMonitorFactory() {
            @Override
            CheckResult check(CheckTarget target, Duration timeout) {
                throw new AssertionError("not this one");
            }

            @Override
            public Monitor negotiate(Service service) {
                return neverAnswers;
            }
        };
        Probe probe = new Probe(spec(CheckType.NEGOTIATE, 9), monitors);
        long t0 = System.nanoTime();

        CheckResult r = probe.run(InFlightLimit.Permit.NONE);

        assertThat(r).isEqualTo(CheckResult.down("timed out after 1 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1000).plus(Probe.GRACE).plusMillis(300));
        assertThat(started.get()).isCancelled();
        assertThat(blockingCalls).hasValue(0);
        // The cancelled call is over: the next probe runs instead of answering STUCK.
        assertThat(probe.run(InFlightLimit.Permit.NONE)).isNotEqualTo(Probe.STUCK);
    }
}
