package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ldirector.director.web.Htpasswd;

/**
 * The web interface of our daemon as a process (stand-in ipvsadm, real HTTP reals): status JSON,
 * metrics (checked by Prometheus' promtool), the page, authentication of the
 * actions, and hostile clients that must get a 4xx or a closed connection while checks go on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebProcessTest {

    private Path dir;
    private DaemonUnderTest daemon;
    private HttpServer real1;
    private HttpServer real2;
    private final AtomicBoolean healthy2 = new AtomicBoolean(true);
    private int webPort;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("webprocess");
        real1 = serve(new AtomicBoolean(true));
        real2 = serve(healthy2);
        webPort = TestPeers.freePort();
        base = "http://127.0.0.1:" + webPort;
        Path pw = dir.resolve("web.htpasswd");
        Htpasswd.setPassword(pw, "ops", "right horse".toCharArray());
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, "checktimeout=2\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\nquiescent=no\n"
                + "web=" + webPort + "\nwebpasswd=" + pw + "\n\n"
                + "virtual=10.1.1.1:80\n\treal=127.0.0.1:" + port(real1) + " masq\n\treal=127.0.0.1:" + port(real2) + " masq 2\n"
                + "\tservice=http\n\trequest=\"health\"\n\treceive=\"Test Page\"\n\tscheduler=wrr\n\tpasswd=\"hush-secret\"\n"
                // direct routing: the kernel stores this real on the service's port 80, not on the one configured
                + "virtual=10.1.1.2:80\n\treal=127.0.0.1:" + port(real1) + " gate 3\n\tchecktype=connect\n");
        DaemonUnderTest.Result r = daemon.run("start");
        assertThat(r.exit()).as(r.err()).isZero();
        await("web interface up and both reals up", Duration.ofSeconds(30),
                () -> get("/status.json").body().split("\"health\":\"up\"", -1).length == 4);
    }

    @AfterAll
    void stop() throws Exception {
        daemon.run("stop");
        real1.stop(0);
        real2.stop(0);
    }

    /** Waits for {@code condition}, counting a refused connection or a missing entry as "not yet". */
    private void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        daemon.await(what, atMost, () -> {
            try {
                return condition.call();
            } catch (IOException | RuntimeException notYet) {
                return false;
            }
        });
    }

    private static int port(HttpServer s) {
        return s.getAddress().getPort();
    }

    private static HttpServer serve(AtomicBoolean healthy) throws IOException {
        return TestPeers.switchable(healthy);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (auth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes, returns the status line (or "" if the server closed without one). */
    private String raw(byte[] request) throws IOException {
        return RawHttp.statusLine(webPort, request);
    }

    @Test
    void aRealGoingDownShowsInTheJsonTheMetricsAndThePage() throws Exception {
        String r2 = "127.0.0.1:" + port(real2);
        healthy2.set(false);
        try {
            await("real 2 down in status.json", Duration.ofSeconds(15),
                    () -> get("/status.json").body().contains("{\"real\":\"" + r2 + "\",\"health\":\"down\""));
            String metrics = get("/metrics").body();
            String labels = "local_address=\"10.1.1.1\",local_mark=\"\",local_port=\"80\",proto=\"TCP\",remote_address=\"127.0.0.1\"";
            assertThat(metrics).contains("ldirector_real_up{" + labels + ",remote_port=\"" + port(real2) + "\"} 0")
                    .contains("ldirector_real_up{" + labels + ",remote_port=\"" + port(real1) + "\"} 1")
                    .contains("ldirector_real_weight{" + labels + ",remote_port=\"" + port(real2) + "\"} 2")
                    .contains("ldirector_real_state{" + labels + ",remote_port=\"" + port(real2) + "\",state=\"down\"} 1")
                    .contains("# TYPE ldirector_real_transitions_total counter")
                    .containsPattern("ldirector_check_failures_total\\{" + labels + ",remote_port=\"" + port(real2) + "\"\\} [1-9]")
                    .contains("ldirector_check_duration_seconds_bucket{" + labels + ",remote_port=\"" + port(real1) + "\",le=\"0.005\"}")
                    .containsPattern("ldirector_checks_total [1-9]")
                    .doesNotContain("hush-secret");
            String page = get("/").body();
            assertThat(page).contains("<tr class=\"real down\" data-real=\"" + r2 + "\"")
                    .contains("<span class=\"badge down\">down</span>").doesNotContain("hush-secret");
            assertThat(get("/status.json").body()).doesNotContain("hush-secret");
            promtoolAccepts(metrics);
        } finally {
            healthy2.set(true);
        }
        await("real 2 back up", Duration.ofSeconds(15),
                () -> get("/status.json").body().contains("{\"real\":\"" + r2 + "\",\"health\":\"up\""));
        assertThat(get("/status.json").body()).contains("\"from\":\"down\",\"to\":\"up\"");
    }

    private void promtoolAccepts(String metrics) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (Debian's prometheus, installed by run-tests.sh)").isExecutable();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void actionsNeedAuthenticationAndAFailedLoginIsLoggedWithoutThePasswordAndSlowed() throws Exception {
        assertThat(post("/api/drain?virtual=tcp:10.1.1.1:80&real=127.0.0.1:" + port(real1), null).statusCode()).isEqualTo(401);
        long t0 = System.nanoTime();
        HttpResponse<String> wrong = post("/api/drain?virtual=tcp:10.1.1.1:80&real=127.0.0.1:1", "ops:wrong-guess-77");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(ms).isGreaterThanOrEqualTo(900);
        await("failed login logged", Duration.ofSeconds(5),
                () -> daemon.logLines().stream().anyMatch(l -> l.endsWith("web: failed login for user ops from 127.0.0.1")));
        assertThat(String.join("\n", daemon.logLines())).doesNotContain("wrong-guess-77");
        assertThat(get("/api/drain").statusCode()).isEqualTo(405);
        // Cluster actions outside cluster mode: authenticated, then refused with a reason.
        HttpResponse<String> takeover = post("/api/takeover", "ops:right horse");
        assertThat(takeover.statusCode()).isEqualTo(409);
        assertThat(takeover.body()).contains("not in cluster mode");
        // The page's action form without a session goes to the login.
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/action"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=drain&virtual=tcp:10.1.1.1:80&real=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(401);
    }

    @Test
    void hostileRequestsGetA4xxOrAClosedConnectionAndChecksGoOn() throws Exception {
        assertThat(raw("GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))).matches("HTTP/1\\.[01] 4\\d\\d .*|");
        assertThat(raw(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)))
                .matches("HTTP/1\\.[01] 4\\d\\d .*|");
        assertThat(raw(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)))
                .matches("HTTP/1\\.[01] 4\\d\\d .*|");
        assertThat(raw(("POST /api/drain HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "c".repeat(100_000))
                .getBytes(StandardCharsets.ISO_8859_1))).matches("HTTP/1\\.[01] 4\\d\\d .*|");
        assertThat(raw("GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .startsWith("HTTP/1.1 404");
        assertThat(raw("GET /app.js/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .startsWith("HTTP/1.1 404");
        assertThat(raw("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))).startsWith("HTTP/1.1 405");
        assertThat(raw("BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))).startsWith("HTTP/1.1 405");

        // A slow client trickling a request is cut off; meanwhile checks and answers go on.
        String before = lastCheckOfReal1();
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), webPort)) {
            slow.setSoTimeout(1000);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            long t0 = System.nanoTime();
            boolean closed = false;
            byte[] line = "GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    out.write(i < line.length ? line[i] : 'z');
                    out.flush();
                    closed = in.read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // no answer yet: keep trickling
                } catch (IOException reset) {
                    closed = true;
                }
                assertThat(get("/status.json").statusCode()).isEqualTo(200);
            }
            long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertThat(closed).as("slow client closed").isTrue();
            assertThat(s).isBetween(8L, 20L);
        }
        assertThat(lastCheckOfReal1()).isNotEqualTo(before);
        assertThat(get("/status.json").statusCode()).isEqualTo(200);
    }

    private String lastCheckOfReal1() throws Exception {
        String body = get("/status.json").body();
        String from = body.substring(body.indexOf("{\"real\":\"127.0.0.1:" + port(real1) + "\""));
        int i = from.indexOf("\"last_check\":");
        return from.substring(i, from.indexOf(',', i));
    }

    @Test
    void drainMaintenanceAndReadyChangeTheTableAndSurviveAReload() throws Exception {
        String r1 = "127.0.0.1:" + port(real1);
        String q = "?virtual=tcp:10.1.1.1:80&real=" + r1;
        HttpResponse<String> drain = post("/api/drain" + q, "ops:right horse");
        assertThat(drain.statusCode()).as(drain.body()).isEqualTo(200);
        assertThat(drain.body()).contains("\"ok\":true");
        await("weight 0 in the table", Duration.ofSeconds(10), () -> Integer.valueOf(0).equals(daemon.table().get("TCP 10.1.1.1:80").get(r1)));
        assertThat(get("/status.json").body()).contains("{\"real\":\"" + r1 + "\",\"health\":\"up\",\"admin\":\"drain\"");
        assertThat(get("/metrics").body()).contains("remote_port=\"" + port(real1) + "\",state=\"drain\"} 1");
        assertThat(daemon.logAbout("Drained real server " + r1)).isNotEmpty();

        DaemonUnderTest.Result reload = daemon.run("reload");
        assertThat(reload.exit()).as(reload.err()).isZero();
        await("reloaded", Duration.ofSeconds(10), () -> daemon.logAbout("Reloading Linux Director Daemon config").length() > 0);
        Thread.sleep(1500);
        assertThat(daemon.table().get("TCP 10.1.1.1:80").get(r1)).isEqualTo(0);

        assertThat(post("/api/maintenance" + q, "ops:right horse").statusCode()).isEqualTo(200);
        await("out of the table", Duration.ofSeconds(10), () -> !daemon.table().get("TCP 10.1.1.1:80").containsKey(r1));
        assertThat(get("/status.json").body()).contains("{\"real\":\"" + r1 + "\",\"health\":\"maintenance\"");

        assertThat(post("/api/ready" + q, "ops:right horse").statusCode()).isEqualTo(200);
        await("back with weight 1", Duration.ofSeconds(15), () -> Integer.valueOf(1).equals(daemon.table().get("TCP 10.1.1.1:80").get(r1)));
        assertThat(post("/api/drain?virtual=tcp:10.9.9.9:80&real=" + r1, "ops:right horse").statusCode()).isEqualTo(400);
        assertThat(post("/api/drain?virtual=tcp:10.1.1.1:80&real=127.0.0.1:1", "ops:right horse").statusCode()).isEqualTo(400);
    }

    @Test
    void aDirectRoutingRealShowsTheKernelsWeightAlthoughTheKernelKeepsItOnTheServicePort() throws Exception {
        String gateReal = "{\"real\":\"127.0.0.1:" + port(real1) + "\",\"health\":\"up\",\"admin\":null,"
                + "\"weight\":3,\"kernel_weight\":3,";
        assertThat(get("/status.json").body()).contains(gateReal);
    }

    @Test
    void thePageWorksWithoutJavaScriptAndServesItsOwnAssets() throws Exception {
        HttpResponse<String> page = get("/?filter=nothing-matches");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h2>tcp:10.1.1.1:80").contains("<a href=\"/login\">Log in</a>")
                .contains("<meta name=\"viewport\"").contains("<script src=\"/app.js\"></script>")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(get("/app.js").body()).contains("fetch('/live'");
        assertThat(get("/app.css").headers().firstValue("content-type")).contains("text/css; charset=utf-8");
        assertThat(get("/live").body()).startsWith("<p class=\"taken\">");
        assertThat(get("/connections").body()).startsWith("IPVS connection entries");
    }
}
