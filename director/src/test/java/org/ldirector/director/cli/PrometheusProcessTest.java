package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Debian's Prometheus scrapes our daemon (a process, stand-in ipvsadm, real HTTP reals on
 * loopback) every second (slower on a loaded machine): PromQL on its HTTP API gives {@code ldirector_real_up} 1 or 0 for each
 * real's node_exporter label set, also after one real server stops; the example alert rule file
 * {@code etc/prometheus/ldirector-alerts.yml} passes {@code promtool check rules} and its unit
 * tests, and, loaded into that Prometheus, turns "all reals of a virtual down" into a pending
 * alert; {@code promtool check metrics} accepts the daemon's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusProcessTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path RULES = Path.of("..", "etc", "prometheus", "ldirector-alerts.yml").toAbsolutePath().normalize();
    private static final Path RULE_TESTS = RULES.resolveSibling("ldirector-alerts.test.yml");

    private Path dir;
    private DaemonUnderTest daemon;
    private final List<Peer> peers = new ArrayList<>();
    private Peer a1;
    private Peer a2;
    private Peer b1;
    private int webPort;
    private Process prometheus;
    private String prom;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        // Fail, not skip: CI installs prometheus (run-tests.sh), and a skipped proof proves nothing.
        assertThat(PROMETHEUS).as("Debian's prometheus").isExecutable();
        assertThat(PROMTOOL).as("promtool (Debian's prometheus package)").isExecutable();
        dir = Files.createTempDirectory("prometheusprocess");
        a1 = http();
        a2 = http();
        b1 = http();
        webPort = TestPeers.freePort();
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, "checktimeout=1\nnegotiatetimeout=1\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\n"
                + "quiescent=no\nweb=127.0.0.1:" + webPort + "\n\n"
                + "virtual=10.2.2.1:80\n\treal=127.0.0.1:" + a1.port() + " masq\n\treal=127.0.0.1:" + a2.port() + " masq 2\n"
                + "\tservice=http\n\trequest=\"health\"\n\treceive=\"Test Page\"\n\tchecktype=negotiate\n"
                + "virtual=10.2.2.2:443\n\treal=127.0.0.1:" + b1.port() + " masq\n\tchecktype=connect\n");
        DaemonUnderTest.Result r = daemon.run("start");
        assertThat(r.exit()).as(r.err()).isZero();
        daemon.await("the web interface up", Duration.ofSeconds(20), () -> daemon.logAbout("Web interface at").length() > 0);

        int promPort = TestPeers.freePort();
        prom = "http://127.0.0.1:" + promPort;
        Path promDir = dir.resolve("prometheus");
        Files.createDirectories(promDir.resolve("data"));
        Path config = promDir.resolve("prometheus.yml");
        // Every second, or as often as this machine allows: each scrape makes the daemon run ipvsadm four
        // times (table, thresholds, stats, rates), and the stand-in ipvsadm is a Python program that takes
        // 50 ms to start on a quiet machine and a second on a saturated one (the real ipvsadm takes ms).
        long scrapeMs = Math.max(1000, 6 * daemon.listingTime().toMillis());
        Files.writeString(config, "global:\n  scrape_interval: " + scrapeMs + "ms\n  scrape_timeout: " + scrapeMs + "ms\n"
                + "  evaluation_interval: 1s\n"
                + "rule_files:\n  - " + RULES + "\n"
                + "scrape_configs:\n  - job_name: ldirector\n    static_configs:\n      - targets: ['127.0.0.1:" + webPort + "']\n");
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + promDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(promDir.resolve("prometheus.log").toFile()).start();
        await("prometheus ready", Duration.ofSeconds(30), () -> get(prom + "/-/ready").statusCode() == 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (daemon != null) {
            daemon.run("stop");
        }
        for (Peer p : peers) {
            p.close();
        }
    }

    private Peer http() throws Exception {
        Peer p = Peer.restartable(port -> TestPeers.http(InetAddress.getLoopbackAddress(), port));
        peers.add(p);
        return p;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for {@code condition}; on timeout the failure shows Prometheus' view of its scrape target and what it answered last. */
    private void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        String[] last = {""};
        try {
            daemon.await(what, atMost, () -> {
                try {
                    return condition.call();
                } catch (IOException | RuntimeException notYet) {
                    last[0] = notYet.toString();
                    return false;
                }
            });
        } catch (AssertionError e) {
            String targets;
            try {
                targets = get(prom + "/api/v1/targets").body() + "\nldirector_real_up: " + query("ldirector_real_up");
            } catch (Exception f) {
                targets = f.toString();
            }
            throw new AssertionError(e.getMessage() + "\nlast error: " + last[0] + "\nPrometheus: " + targets, e);
        }
    }

    private static final Pattern RESULT = Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,]+,\"([^\"]*)\"\\]\\}");
    private static final Pattern LABEL = Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"");

    /** An instant query on Prometheus' HTTP API: each series' labels (sorted) → its value. */
    private Map<Map<String, String>, String> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get(prom + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"status\":\"success\"");
        Map<Map<String, String>, String> out = new LinkedHashMap<>();
        Matcher m = RESULT.matcher(r.body());
        while (m.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            out.put(labels, m.group(2));
        }
        return out;
    }

    /** The label set Prometheus stores for a real: node_exporter's IPVS labels, the job and instance; an empty local_mark is no label. */
    private Map<String, String> real(String vip, int vport, int port) {
        Map<String, String> l = new TreeMap<>();
        l.put("__name__", "ldirector_real_up");
        l.put("instance", "127.0.0.1:" + webPort);
        l.put("job", "ldirector");
        l.put("local_address", vip);
        l.put("local_port", Integer.toString(vport));
        l.put("proto", "TCP");
        l.put("remote_address", "127.0.0.1");
        l.put("remote_port", Integer.toString(port));
        return l;
    }

    @Test
    void promQlGivesEachRealsUpValueAlsoAfterARealServerStopsAndTheAlertRuleFires() throws Exception {
        Map<Map<String, String>, String> allUp = Map.of(real("10.2.2.1", 80, a1.port()), "1", real("10.2.2.1", 80, a2.port()), "1",
                real("10.2.2.2", 443, b1.port()), "1");
        await("Prometheus sees every real up", Duration.ofSeconds(45), () -> query("ldirector_real_up").equals(allUp));
        assertThat(query("sum by (local_address, local_port) (ldirector_real_up)"))
                .containsEntry(Map.of("local_address", "10.2.2.1", "local_port", "80"), "2");

        a2.stop();
        b1.stop();
        Map<Map<String, String>, String> twoDown = Map.of(real("10.2.2.1", 80, a1.port()), "1", real("10.2.2.1", 80, a2.port()), "0",
                real("10.2.2.2", 443, b1.port()), "0");
        await("Prometheus sees a2 and b1 down", Duration.ofSeconds(45), () -> query("ldirector_real_up").equals(twoDown));
        assertThat(query("ldirector_real_state{state=\"down\"} == 1").keySet()).extracting(l -> l.get("remote_port"))
                .containsExactlyInAnyOrder(Integer.toString(a2.port()), Integer.toString(b1.port()));
        // The example rule: all reals of 10.2.2.2:443 are down (and only of that virtual); "for: 30s" keeps it pending.
        await("the all-reals-down alert pending for 10.2.2.2:443", Duration.ofSeconds(30),
                () -> query("ALERTS{alertname=\"LdirectorVirtualAllRealsDown\"}").keySet().stream()
                        .anyMatch(l -> "10.2.2.2".equals(l.get("local_address")) && "443".equals(l.get("local_port"))));
        assertThat(query("ALERTS{alertname=\"LdirectorVirtualAllRealsDown\"}").keySet())
                .allMatch(l -> l.get("local_address").equals("10.2.2.2") && l.get("alertstate").equals("pending"));

        a2.start();
        await("Prometheus sees a2 up again", Duration.ofSeconds(45),
                () -> "1".equals(query("ldirector_real_up").get(real("10.2.2.1", 80, a2.port()))));
        // down and up again: at least two transitions (one more if the first scrape came before the first check)
        assertThat(query("ldirector_real_transitions_total{remote_port=\"" + a2.port() + "\"}").values())
                .singleElement().satisfies(v -> assertThat(Double.parseDouble(v)).isGreaterThanOrEqualTo(2));
    }

    @Test
    void promtoolAcceptsTheMetricsAndTheExampleAlertRules() throws Exception {
        HttpResponse<String> metrics = get("http://127.0.0.1:" + webPort + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ldirector_real_up{");
        assertThat(promtool(metrics.body(), "check", "metrics")).isZero();
        assertThat(promtool("", "check", "rules", RULES.toString())).isZero();
        assertThat(promtool("", "test", "rules", RULE_TESTS.toString())).isZero();
    }

    private int promtool(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + out).isZero();
        return p.exitValue();
    }
}
