package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ldirector.director.web.Htpasswd;

/**
 * Hostile clients of the web interface, against our daemon as a process (stand-in ipvsadm, a real
 * HTTP real that counts the checks it gets): what {@link WebProcessTest} does not send already —
 * bad versions and bytes, conflicting lengths, endless chunked bodies, many headers, encoded path
 * traversal, odd methods, a TLS handshake on the plain port, a flood of connections and a
 * slowloris over the connection limit. Each gets a 4xx or a closed connection; the daemon never
 * dies, answers again afterwards, and its checks keep arriving at the real during the attack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsProcessTest {

    private static final String OK_OR_CLOSED = "HTTP/1\\.[01] 4\\d\\d .*|";

    private Path dir;
    private DaemonUnderTest daemon;
    private HttpServer real;
    private final AtomicInteger checks = new AtomicInteger();
    private int webPort;
    private long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("hostile");
        real = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        real.createContext("/", exchange -> {
            checks.incrementAndGet();
            byte[] body = TestPeers.PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        real.start();
        webPort = TestPeers.freePort();
        Path pw = dir.resolve("web.htpasswd");
        Htpasswd.setPassword(pw, "ops", "long walk".toCharArray());
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, "checktimeout=2\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\nquiescent=no\n"
                + "web=" + webPort + "\nwebpasswd=" + pw + "\n\n"
                + "virtual=10.3.3.1:80\n\treal=127.0.0.1:" + real.getAddress().getPort() + " masq\n"
                + "\tservice=http\n\trequest=\"health\"\n\treceive=\"Test Page\"\n\tchecktype=negotiate\n");
        DaemonUnderTest.Result r = daemon.run("start");
        assertThat(r.exit()).as(r.err()).isZero();
        daemon.await("web interface up", Duration.ofSeconds(30), () -> {
            try {
                return get("/status.json").body().contains("\"health\":\"up\"");
            } catch (IOException notYet) {
                return false;
            }
        });
        pid = daemon.pid();
    }

    @AfterAll
    void stop() throws Exception {
        daemon.run("stop");
        real.stop(0);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        return RawHttp.statusLine(webPort, request);
    }

    private void stillServing() throws Exception {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the daemon is alive").contains(true);
        assertThat(get("/status.json").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRequestsGetA4xxOrAClose() throws Exception {
        assertThat(raw("GET / HTTP/9.9\r\nHost: x\r\n\r\n")).matches("HTTP/1\\.[01] [45]\\d\\d .*|");
        assertThat(raw("GET /\u0000/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")).matches(OK_OR_CLOSED);
        assertThat(RawHttp.statusLine(webPort, new byte[] {'G', 'E', 'T', ' ', '/', (byte) 0xff, (byte) 0xfe, ' ', 'H', 'T', 'T', 'P',
            '/', '1', '.', '1', '\r', '\n', '\r', '\n'})).matches(OK_OR_CLOSED);
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\n\r\n")).matches(OK_OR_CLOSED);
        assertThat(raw("POST /api/drain HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")).matches(OK_OR_CLOSED);
        assertThat(raw("POST /api/drain HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 900\r\n\r\nhello"))
                .matches(OK_OR_CLOSED);
        assertThat(raw("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .matches(OK_OR_CLOSED);
        assertThat(raw("\r\n\r\n\r\n")).matches(OK_OR_CLOSED);
        // A TLS ClientHello on the plain HTTP port.
        assertThat(RawHttp.statusLine(webPort, new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03}))
                .matches(OK_OR_CLOSED);
        stillServing();
    }

    @Test
    void hugeHeadersAndBodiesAreRefusedWithoutBeingRead() throws Exception {
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertThat(raw(many.append("\r\n").toString())).matches(OK_OR_CLOSED);
        assertThat(raw("GET /?filter=" + "f".repeat(8000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).matches(OK_OR_CLOSED);
        // An endless chunked body: refused once over the body limit, not buffered for ever.
        StringBuilder chunked = new StringBuilder("POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
        String chunk = "x".repeat(4000);
        for (int i = 0; i < 50; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        assertThat(raw(chunked.toString())).matches(OK_OR_CLOSED);
        // A large login form (within the limit): refused as a wrong password, not as a crash.
        String form = "user=ops&password=" + "p".repeat(15_000);
        assertThat(raw("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length() + "\r\n\r\n" + form)).startsWith("HTTP/1.1 401");
        // An Authorization header that is not base64 at all.
        assertThat(raw("POST /api/drain HTTP/1.1\r\nHost: x\r\nAuthorization: Basic !!!*&^%\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 401");
        stillServing();
    }

    @Test
    void encodedTraversalAndOddMethodsAndTargets() throws Exception {
        for (String path : List.of("/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/app.js%00.html", "//etc/passwd",
                "/app.css/..", "/./app.js/../../../../etc/shadow", "/%252e%252e/etc/passwd", "/web/app.js", "/log4j2.xml",
                "/org/ldirector/director/web/WebRoutes.class")) {
            assertThat(raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")).as(path).startsWith("HTTP/1.1 404");
        }
        assertThat(raw("GET http://evil.invalid/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")).matches(OK_OR_CLOSED);
        assertThat(raw("GET * HTTP/1.1\r\nHost: x\r\n\r\n")).matches(OK_OR_CLOSED);
        for (String method : List.of("PUT", "PATCH", "OPTIONS", "TRACE", "CONNECT")) {
            assertThat(raw(method + " /api/drain HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")).as(method).startsWith("HTTP/1.1 405");
            assertThat(raw(method + " /status.json HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")).as(method).startsWith("HTTP/1.1 405");
        }
        assertThat(raw("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw("GET /api/ready HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405");
        stillServing();
    }

    @Test
    void aFloodOfConnectionsAndASlowlorisOverTheLimitDoNotStallTheChecks() throws Exception {
        // 500 connections opened and dropped at once.
        for (int i = 0; i < 500; i++) {
            new Socket(InetAddress.getLoopbackAddress(), webPort).close();
        }
        // 300 clients (over the 256-connection limit) each trickling a request that never ends.
        List<Socket> slow = new ArrayList<>();
        int before = checks.get();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < 300; i++) {
                try {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), webPort);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    slow.add(s);
                } catch (IOException refusedOrReset) {
                    // over the limit: the server may close at once
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < end) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write("X-a: b\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException closedByServer) {
                        // the deadline or the limit closed it: good
                    }
                }
                Thread.sleep(1000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int during = checks.get() - before;
            // checkinterval=1: about one check a second; a stalled engine would give none.
            assertThat(during).as("checks in %.1f s of attack", seconds).isGreaterThanOrEqualTo((int) (seconds * 0.5));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        // The deadline (10 s a request) has cut the slow ones; new clients are served again.
        daemon.await("served again after the slowloris", Duration.ofSeconds(15), () -> {
            try {
                return get("/status.json").statusCode() == 200;
            } catch (IOException stillFull) {
                return false;
            }
        });
        stillServing();
        assertThat(daemon.logAbout("Exception")).isEmpty();
    }
}
