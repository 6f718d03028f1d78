package org.ldirector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The web interface's load in the engine bench: from the harness's JVM (so its CPU is not the
 * director's), {@code /metrics}, {@code /status.json} and {@code /live} (the page's update) are
 * each fetched {@code hz} times a second over one kept-alive connection, as a Prometheus with a
 * 100 ms scrape interval and a page left open would. Counts answers, errors and response times.
 */
final class WebPoller implements AutoCloseable {

    static final List<String> PATHS = List.of("/metrics", "/status.json", "/live");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer;
    private final Recorder took = new Recorder(3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final long started = System.nanoTime();
    private Histogram all;

    WebPoller(String base, int hz) {
        timer = Executors.newScheduledThreadPool(PATHS.size(), r -> {
            Thread t = new Thread(r, "web-poller");
            t.setDaemon(true);
            return t;
        });
        long period = 1_000_000_000L / hz;
        for (String path : PATHS) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(5)).build();
            timer.scheduleAtFixedRate(() -> fetch(req), 0, period, TimeUnit.NANOSECONDS);
        }
    }

    private void fetch(HttpRequest req) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                ok.increment();
                bytes.add(r.body().length);
            } else {
                errors.increment();
            }
        } catch (Exception e) {
            errors.increment();
        }
        took.recordValue(Math.max(0, System.nanoTime() - t0));
    }

    /** What it did since it started, as result columns. */
    void addTo(Map<String, String> row) {
        double secs = (System.nanoTime() - started) / 1e9;
        all = took.getIntervalHistogram(all);
        row.put("web_requests_per_s", DirectorProcess.fmt(ok.sum() / secs));
        row.put("web_errors", Long.toString(errors.sum()));
        row.put("web_kb_per_request", DirectorProcess.fmt(bytes.sum() / 1024.0 / Math.max(1, ok.sum())));
        row.put("web_p50_ms", DirectorProcess.fmt(DirectorProcess.ms(all.getValueAtPercentile(50))));
        row.put("web_p99_ms", DirectorProcess.fmt(DirectorProcess.ms(all.getValueAtPercentile(99))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
