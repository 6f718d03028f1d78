package org.ldirector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The check-engine benchmark of issue #2: for each N, starts N loopback HTTP real servers in a
 * backend JVM ({@link BackendServer}, 1 in {@code --hang-every} hanging), starts the director
 * engine in a second JVM ({@link DirectorProcess}) with checkinterval=1, warms up, measures for
 * a fixed window and collects checks/s, lateness, CPU, RSS and the end state of the IPVS table.
 * Also measures what else the machine did in the window (all cores' busy time, the backend's
 * share), because the director's figures mean little without it.
 *
 * <pre>
 *   EngineBench [--warmup 20] [--measure 60] [--hang-every 100] [--reals-per-virtual 100]
 *               [--interval 1] [--timeout 1] [--director-opts "..."] [--backend-opts "..."]
 *               [--backend-threads 2] [--jfr] [--pause 5] [--web-poll HZ] [--out DIR] N...
 * </pre>
 *
 * Results: {@code DIR/<timestamp>/results.md} and {@code results.csv}, and per N the generated
 * ldirectord.cf, the director's log, its STAT lines and (with --jfr) a flight recording.
 * Everything it starts is stopped when it ends, however it ends.
 */
public final class EngineBench {

    /** The director's JVM flags as the launcher (packaging bin/ldirectord) picks them for N reals. */
    static final String DEFAULT_DIRECTOR_OPTS = "launcher";
    static final String DEFAULT_BACKEND_OPTS = "-XX:+UseSerialGC -Xmx512m";
    /** Listening sockets per backend JVM: keeps each under a 20,000 open-files limit. */
    static final int LISTENERS_PER_BACKEND = 15_000;

    private static final List<Process> CHILDREN = new CopyOnWriteArrayList<>();

    private EngineBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        List<Integer> ns = a.words().stream().map(w -> Integer.parseInt(w.replace("_", "").replace(",", ""))).toList();
        if (ns.isEmpty()) {
            ns = List.of(1000, 5000, 10000);
        }
        int warmup = a.integer("--warmup", 20);
        int maxWarmup = Math.max(warmup, a.integer("--max-warmup", 180));
        int measure = a.integer("--measure", 60);
        int pause = a.integer("--pause", 5);
        String directorOpts = a.string("--director-opts", DEFAULT_DIRECTOR_OPTS);
        String backendOpts = a.string("--backend-opts", DEFAULT_BACKEND_OPTS);
        int backendThreads = a.integer("--backend-threads", 2);
        boolean jfr = a.flag("--jfr");
        String httpMonitor = a.string("--http-monitor", "standard");
        int webPoll = a.integer("--web-poll", 0);
        int quietBelow = a.integer("--quiet-below", 0);
        int quietWait = a.integer("--quiet-wait", 900);
        Path out = Path.of(a.string("--out", "bench/target/engine-bench"))
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(EngineBench::killChildren));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        System.out.printf("engine bench: N=%s warmup=%d s measure=%d s, director JVM: %s, results in %s%n", ns, warmup,
                measure, directorOpts, out);

        String env = environment(directorOpts, backendOpts);
        Files.writeString(out.resolve("env.txt"), env);
        System.out.print(env);

        List<Map<String, String>> rows = new ArrayList<>();
        for (int k = 0; k < ns.size(); k++) {
            Layout layout = new Layout(ns.get(k), a.integer("--hang-every", 100), a.integer("--reals-per-virtual", 100),
                    a.integer("--interval", 1), a.integer("--timeout", 1));
            Path dir = out.resolve("n" + layout.n());
            Files.createDirectories(dir);
            if (quietBelow > 0) {
                waitForQuiet(quietBelow, quietWait);
            }
            Map<String, String> row = runOne(layout, dir, java, cp, directorOpts, backendOpts, backendThreads, warmup,
                    maxWarmup, measure, jfr, httpMonitor, webPoll);
            rows.add(row);
            writeResults(out, rows, directorOpts);
            if (k + 1 < ns.size()) {
                Thread.sleep(pause * 1000L);
            }
        }
        System.out.println();
        System.out.print(Files.readString(out.resolve("results.md")));
        System.out.println("results: " + out);
        killChildren();
    }

    /** The launcher's default: {@code -XX:+UseSerialGC -Xmx<80 + reals/80>m}. */
    static String launcherOpts(int reals) {
        return "-XX:+UseSerialGC -Xmx" + (80 + reals / 80) + "m";
    }

    private static Map<String, String> runOne(Layout layout, Path dir, String java, String cp, String directorOpts,
                                              String backendOpts, int backendThreads, int warmup, int maxWarmup,
                                              int measure, boolean jfr, String httpMonitor, int webPoll) throws Exception {
        if (directorOpts.equals(DEFAULT_DIRECTOR_OPTS)) {
            directorOpts = launcherOpts(layout.n());
        }
        Path cf = dir.resolve("ldirectord.cf");
        Path log = dir.resolve("ldirectord.log");
        layout.writeConfig(cf, log);
        long budget = maxWarmup + measure + 240L + layout.n() / 100;

        // The backends: one JVM per 15,000 reals.
        int parts = (layout.n() + LISTENERS_PER_BACKEND - 1) / LISTENERS_PER_BACKEND;
        List<Process> backends = new ArrayList<>();
        List<Long> backendPids = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(split(backendOpts));
            cmd.addAll(List.of("-cp", cp, BackendServer.class.getName()));
            cmd.addAll(Arrays.asList(layout.args()));
            cmd.addAll(List.of("--part", "" + part, "--parts", "" + parts, "--threads", "" + backendThreads,
                    "--max-seconds", "" + budget));
            Process p = start(cmd, dir.resolve("backend-" + part + ".err"));
            backends.add(p);
            backendPids.add(p.pid());
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readUntil(r, "READY"))
                    .get(120 + layout.n() / 500, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("backend " + part + " did not start; see " + dir);
            }
            System.out.printf("[N=%d] backend %d/%d pid %d: %s%n", layout.n(), part + 1, parts, p.pid(), line);
            pump(r, dir.resolve("backend-" + part + ".out"), null);
        }

        // The director.
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(split(directorOpts));
        cmd.add("-Djava.net.preferIPv4Stack=false"); // as the launcher
        cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
        cmd.addAll(List.of("-cp", cp, DirectorProcess.class.getName()));
        cmd.addAll(Arrays.asList(layout.args()));
        cmd.addAll(List.of("--config", cf.toString(), "--log", log.toString(), "--warmup", "" + warmup,
                "--max-warmup", "" + maxWarmup, "--measure", "" + measure, "--http-monitor", httpMonitor));
        if (jfr) {
            cmd.addAll(List.of("--jfr-file", dir.resolve("director.jfr").toString()));
        }
        if (webPoll > 0) {
            cmd.add("--web");
        }
        Files.writeString(dir.resolve("director.cmd"), String.join(" ", cmd) + "\n");
        Process director = start(cmd, dir.resolve("director.err"));
        String dpid = Long.toString(director.pid());
        System.out.printf("[N=%d] director pid %s: %s%n", layout.n(), dpid, directorOpts);

        Map<String, String> row = new LinkedHashMap<>();
        Edge[] edges = new Edge[2];
        WebPoller[] poller = new WebPoller[1];
        BufferedReader r = new BufferedReader(new InputStreamReader(director.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(dir.resolve("director.out"))) {
                PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
                String line;
                while ((line = r.readLine()) != null) {
                    ps.println(line);
                    if (line.equals("MEASURE_START")) {
                        edges[0] = Edge.now(backendPids);
                    } else if (line.equals("MEASURE_END")) {
                        edges[1] = Edge.now(backendPids);
                        if (poller[0] != null) {
                            poller[0].close(); // its figures: from the director's start to the end of the window
                            poller[0].addTo(row);
                        }
                    } else if (line.startsWith("WEB ") && webPoll > 0) {
                        poller[0] = new WebPoller(line.substring(4).strip(), webPoll);
                    } else if (line.startsWith("FAILED ")) {
                        row.put("error", line.substring(7).replace(' ', '_'));
                    } else if (line.startsWith("RESULT ")) {
                        for (String kv : line.substring(7).split(" ")) {
                            int eq = kv.indexOf('=');
                            row.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                    System.out.printf("[N=%d] %s%n", layout.n(), line);
                }
            } catch (IOException e) {
                System.out.println("[N=" + layout.n() + "] lost the director's output: " + e);
            }
        });
        boolean exited = director.waitFor(budget, TimeUnit.SECONDS);
        if (!exited) {
            System.out.println("[N=" + layout.n() + "] director did not finish in " + budget + " s: killed");
            director.destroyForcibly();
        }
        reading.get(10, TimeUnit.SECONDS);
        row.put("web_poll_hz", Integer.toString(webPoll));
        if (poller[0] != null) {
            poller[0].close();
        }
        for (Process b : backends) {
            b.getOutputStream().close(); // the backend's signal to print its counters and exit
        }
        for (Process b : backends) {
            if (!b.waitFor(10, TimeUnit.SECONDS)) {
                b.destroyForcibly();
            }
        }
        if (!row.containsKey("checks")) {
            row.put("n", "" + layout.n());
            row.putIfAbsent("error", "no_RESULT");
            row.put("director_opts", directorOpts);
            return row;
        }
        if (edges[0] != null && edges[1] != null) {
            double secs = (edges[1].nanos - edges[0].nanos) / 1e9;
            Proc.MachineCpu m = edges[1].machine.minus(edges[0].machine);
            double backendCpu = edges[1].backendCpu - edges[0].backendCpu;
            double directorCpu = Double.parseDouble(row.get("cpu_s"));
            row.put("machine_busy_pct", DirectorProcess.fmt(100 * m.busy() / secs));
            row.put("machine_steal_pct", DirectorProcess.fmt(100 * m.steal() / secs));
            row.put("backend_cpu_pct", DirectorProcess.fmt(100 * backendCpu / secs));
            row.put("others_cpu_pct", DirectorProcess.fmt(100 * (m.busy() - backendCpu - directorCpu) / secs));
            row.put("load_start", edges[0].load);
            row.put("load_end", edges[1].load);
            row.put("tcp_tw_end", edges[1].timeWait);
        }
        row.put("director_opts", directorOpts);
        return row;
    }

    /**
     * Waits (at most {@code maxSeconds}) until the machine has been less than {@code percent} % busy
     * (of all cores together) for 10 s in a row: other people's builds share these cores.
     */
    static void waitForQuiet(int percent, int maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        int quietFor = 0;
        Proc.MachineCpu prev = Proc.machine();
        double busy = Double.NaN;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            Proc.MachineCpu now = Proc.machine();
            Proc.MachineCpu d = now.minus(prev);
            prev = now;
            busy = 100 * d.busy() / d.total();
            quietFor = busy < percent ? quietFor + 1 : 0;
            if (quietFor >= 10) {
                System.out.printf("machine quiet: %.0f %% busy for 10 s (load %s)%n", busy, Proc.loadavg());
                return;
            }
        }
        System.out.printf("machine still %.0f %% busy after %d s of waiting (load %s): running anyway%n", busy,
                maxSeconds, Proc.loadavg());
    }

    /** What the harness reads outside the director at each edge of the measured window. */
    private record Edge(long nanos, Proc.MachineCpu machine, double backendCpu, String load, String timeWait) {
        static Edge now(List<Long> backendPids) {
            double b = 0;
            for (long pid : backendPids) {
                b += Proc.cpu(Long.toString(pid)).total();
            }
            return new Edge(System.nanoTime(), Proc.machine(), b, Proc.loadavg(), timeWaitCount());
        }
    }

    /** The {@code tw} count of the TCP line of /proc/net/sockstat. */
    static String timeWaitCount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.split("\\s+");
                    for (int i = 0; i + 1 < f.length; i++) {
                        if (f[i].equals("tw")) {
                            return f[i + 1];
                        }
                    }
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "?";
    }

    static final String[] COLUMNS = {"n", "http_monitor", "hanging", "checks_per_s", "expected_per_s", "late_p50_ms", "late_p99_ms",
        "late_max_ms", "gap_p99_ms", "took_p99_ms", "cpu_pct", "cpu_us_per_check", "rss_avg_mb", "rss_max_mb",
        "false_down", "table_wrong_down", "table_wrong_up", "table_changes", "ipvs_apply_s", "start_s",
        "up_after_start", "false_down_at_start", "all_up_s", "warmup_s", "converged",
        "backend_cpu_pct", "web_poll_hz", "web_requests_per_s", "web_errors", "web_kb_per_request", "web_p50_ms", "web_p99_ms",
        "others_cpu_pct", "machine_busy_pct", "load_start", "load_end", "live_heap_mb", "gc_ms", "reconciler_alive", "error", "director_opts"};

    private static void writeResults(Path out, List<Map<String, String>> rows, String directorOpts) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Director JVM: `").append(directorOpts).append("`; ").append(Proc.cores()).append(" cores\n\n");
        md.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        md.append("|").append("---:|".repeat(COLUMNS.length)).append('\n');
        for (Map<String, String> row : rows) {
            md.append("| ");
            for (String c : COLUMNS) {
                md.append(row.getOrDefault(c, "")).append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        Files.writeString(out.resolve("results.md"), md);
        List<String> keys = new ArrayList<>();
        for (Map<String, String> row : rows) {
            for (String key : row.keySet()) {
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        StringBuilder csv = new StringBuilder(String.join(",", keys)).append('\n');
        for (Map<String, String> row : rows) {
            List<String> vals = new ArrayList<>();
            for (String key : keys) {
                String v = row.getOrDefault(key, "");
                vals.add(v.contains(",") || v.contains(" ") ? "\"" + v + "\"" : v);
            }
            csv.append(String.join(",", vals)).append('\n');
        }
        Files.writeString(out.resolve("results.csv"), csv);
    }

    /** The machine, the JVM and the kernel settings that matter here, as they are now (nothing is changed). */
    static String environment(String directorOpts, String backendOpts) {
        StringBuilder e = new StringBuilder();
        e.append("commit: ").append(System.getProperty("bench.commit", "unknown")).append('\n');
        e.append("java: ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
                .append(")\n");
        e.append("director JVM flags: ").append(directorOpts).append(" -Djava.net.preferIPv4Stack=false\n");
        e.append("backend JVM flags: ").append(backendOpts).append('\n');
        e.append("kernel: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append('\n');
        e.append("cpu: ").append(Proc.cores()).append(" x ").append(firstMatch(Path.of("/proc/cpuinfo"), "model name"))
                .append('\n');
        e.append("memory: ").append(firstMatch(Path.of("/proc/meminfo"), "MemTotal")).append('\n');
        e.append("open files limit: ").append(firstMatch(Path.of("/proc/self/limits"), "Max open files")).append('\n');
        for (String s : List.of("net/ipv4/tcp_tw_reuse", "net/ipv4/ip_local_port_range", "net/ipv4/tcp_max_tw_buckets",
                "net/ipv4/tcp_fin_timeout", "net/core/somaxconn", "net/ipv4/tcp_max_syn_backlog")) {
            String v;
            try {
                // One big read: sysctl files answer EOF to a read at a non-zero offset, so
                // Files.readString (which may start with a 1-byte read on a 0-size file) sees one character.
                try (var in = Files.newInputStream(Path.of("/proc/sys", s))) {
                    v = new String(in.readNBytes(4096), StandardCharsets.US_ASCII).trim().replaceAll("\\s+", " ");
                }
            } catch (IOException ex) {
                v = "?";
            }
            e.append("sysctl ").append(s.replace('/', '.')).append(" = ").append(v).append('\n');
        }
        e.append("load average at start: ").append(Proc.loadavg()).append('\n');
        return e.toString();
    }

    private static String firstMatch(Path file, String prefix) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) {
                    int colon = line.indexOf(':');
                    return (colon >= 0 && colon < prefix.length() + 8 ? line.substring(colon + 1) : line.substring(prefix.length()))
                            .trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException ex) {
            // unknown
        }
        return "?";
    }

    private static Process start(List<String> cmd, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        CHILDREN.add(p);
        return p;
    }

    private static String readUntil(BufferedReader r, String prefix) {
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return null;
    }

    /** Copies the rest of a child's output to a file, on a daemon thread. */
    private static void pump(BufferedReader r, Path file, String echoPrefix) {
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (echoPrefix != null) {
                        System.out.println(echoPrefix + line);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
    }

    private static List<String> split(String opts) {
        return Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static void killChildren() {
        for (Process p : CHILDREN) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : CHILDREN) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
