package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ldirector.director.engine.TestConfigs.real;
import static org.ldirector.director.engine.TestConfigs.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.VirtualService;

/**
 * The scheduler with the real monitors: plain {@code http} and {@code connect} checks are
 * scheduled by the monitors' event loops (their results reach the sink from the result queue's
 * thread, not from a probe thread of their own), other checks keep their {@link CheckLoop};
 * "check now", interval changes and removal work for both.
 */
class CheckSchedulerTest {

    private record Delivered(String host, boolean up, String message, long durationNanos, String thread) {
    }

    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final List<Long> lateness = new CopyOnWriteArrayList<>();
    private final CheckScheduler scheduler = new CheckScheduler(new StandardMonitors(),
            (spec, result, nanos) -> delivered.add(new Delivered(spec.target().host() + ":" + spec.target().port(),
                    result.up(), result.message(), nanos, Thread.currentThread().getName())),
            lateness::add);

    @AfterEach
    void stopAll() {
        scheduler.stopAll();
    }

    private static CheckSpec spec(CheckType type, int port) {
        VirtualService v = virtual("10.0.0.1:80").real(real("127.0.0.1:" + port, 1))
                .check(TestConfigs.check(type, 1)).build();
        return CheckSpec.of(v, v.reals().get(0));
    }

    private void install(CheckSpec spec, Duration interval) {
        scheduler.apply(new HealthBook.Plan(List.of(spec), Map.of(spec, interval), Set.of()));
    }

    @Test
    void plainHttpAndConnectChecksAreScheduledByTheEventLoops() throws Exception {
        try (Answering server = new Answering()) {
            install(spec(CheckType.NEGOTIATE, server.port()), Duration.ofMillis(200));
            install(spec(CheckType.CONNECT, server.port() ), Duration.ofMillis(200));

            await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 8);

            assertThat(delivered).allSatisfy(d -> {
                assertThat(d.up()).isTrue();
                assertThat(d.thread()).as("delivered by the result queue, not a probe thread").isEqualTo("check results");
                assertThat(d.durationNanos()).isPositive();
            });
            assertThat(delivered).extracting(Delivered::message).contains("200 OK", "-");
            assertThat(lateness).isNotEmpty().allMatch(n -> n >= 0);
        }
    }

    @Test
    void otherChecksKeepTheirProbeThread() throws Exception {
        try (Answering server = new Answering()) {
            install(spec(CheckType.COMBINED, server.port()), Duration.ofMillis(200));

            await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 2);

            assertThat(delivered).allSatisfy(d -> assertThat(d.thread()).startsWith("check combined"));
        }
    }

    @Test
    void checkNowIntervalChangesAndRemovalReachTheEventLoopChecks() throws Exception {
        try (Answering server = new Answering()) {
            CheckSpec spec = spec(CheckType.NEGOTIATE, server.port());
            install(spec, Duration.ofHours(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);

            scheduler.pokeAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);

            // From 1 h to 100 ms: the probe after the next one comes 100 ms after it.
            scheduler.apply(new HealthBook.Plan(List.of(), Map.of(spec, Duration.ofMillis(100)), Set.of()));
            scheduler.pokeAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() >= 5);

            scheduler.apply(new HealthBook.Plan(List.of(), Map.of(), Set.of(spec)));
            Thread.sleep(300);
            int after = delivered.size();
            Thread.sleep(500);
            assertThat(delivered).hasSize(after);
        }
    }

    /** Accepts connections, answers an HTTP request with 200 "ok", closes. */
    private static final class Answering implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));

        Answering() throws IOException {
            Thread.ofPlatform().daemon().name("answering").start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        InputStream in = s.getInputStream();
                        int c;
                        int state = 0; // how much of CR LF CR LF has been read
                        while (state < 4 && (c = in.read()) >= 0) {
                            state = c == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : (c == '\r' ? 1 : 0);
                        }
                        if (state == 4) {
                            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                        }
                    } catch (IOException e) {
                        // the next connection
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
