package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent checks on virtual threads against the JDK's HTTP server: all succeed, each on a
 * fresh connection, and no thread pool or connection pool grows per check.
 */
class HttpCheckLoadTest {

    private static final int CHECKS = 2000;
    private static final int CONCURRENCY = 100;

    private HttpServer server;
    private ExecutorService serverThreads;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
        server.createContext("/", exchange -> {
            byte[] body = "status: running".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void concurrentChecksShareOneClientAndLeakNoThreadsOrConnections() throws Exception {
        HttpCheck http = new HttpCheck(HttpCheck.Service.HTTP);
        CheckTarget target = CheckTarget.of("127.0.0.1", server.getAddress().getPort(), HttpOptions.builder().receive("running").build());
        runChecks(http, target, 200); // warm-up: lets OkHttp start its few shared daemon threads
        int threadsBefore = Thread.getAllStackTraces().size();

        int up = runChecks(http, target, CHECKS);

        assertThat(up).isEqualTo(CHECKS);
        assertThat(Thread.getAllStackTraces().size() - threadsBefore).as("platform threads added").isLessThan(5);
        assertThat(HttpClients.connectionCount()).isZero();
    }

    private static int runChecks(HttpCheck http, CheckTarget target, int count) throws InterruptedException {
        AtomicInteger up = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (http.check(target, Duration.ofSeconds(10)).up()) {
                        up.incrementAndGet();
                    }
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return up.get();
    }
}
