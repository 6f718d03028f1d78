package org.ldirector.bench.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak of issue 12 (bench/soak.sh; results in docs/benchmarks.md, "Soak"): two directors (our daemon as processes
 * in network namespaces, {@code --dry-run}, auto_failback off), {@code --reals} HTTP reals in the client namespace
 * flipping at random ({@link FlappingReals}), a reload of both directors every 30 s (an extra virtual service added
 * and removed in turn), a failover every 2 minutes (in turn: the operator's {@code standby} on the active, and a
 * SIGSTOP of the active for 3 s, longer than deadtime, so the other takes over by failure detection). Every 10 s
 * each daemon's open fds, threads, RSS and heap after a full GC are sampled. At the end: growth, every flip logged
 * exactly once ({@link SoakVerdict}) and the active's table against the reals' final states.
 */
public final class SoakBench {

    private static final DateTimeFormatter DIR = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    static final String REAL_ADDRESS = Lab.CLIENT;
    static final int FIRST_PORT = 20000;
    static final int PER_VIRTUAL = 100;
    /** How long a real stays in a state, in seconds: long enough for checks at a 1 s interval to see each one. */
    static final int MIN_DWELL = 8;
    static final int MAX_DWELL = 90;
    static final long STOP_MILLIS = 3000;

    private SoakBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            opt.put(argv[i], argv[i + 1]);
        }
        int minutes = Integer.parseInt(opt.getOrDefault("--minutes", "30"));
        int reals = Integer.parseInt(opt.getOrDefault("--reals", "500"));
        List<String> daemonOpts =
                List.of(opt.getOrDefault("--daemon-opts", "-XX:+UseSerialGC -Xmx192m").trim().split("\\s+"));
        Path out = Path.of(opt.getOrDefault("--out", "bench/target/soak"))
                .resolve(LocalDateTime.now().format(DIR)).toAbsolutePath();
        Files.createDirectories(out);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        SoakRecord record = new SoakRecord();
        Process realsProcess = null;
        try (Lab lab = new Lab(); Director d1 = new Director(lab, 1, out.resolve("node1"), daemonOpts);
                Director d2 = new Director(lab, 2, out.resolve("node2"), daemonOpts)) {
            Director[] ds = {d1, d2};
            Process[] reals0 = new Process[1];
            Thread hook = new Thread(() -> { // an interrupted soak leaves no namespace or process behind
                if (reals0[0] != null) {
                    reals0[0].destroyForcibly();
                }
                d1.close();
                d2.close();
                lab.close();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            Path flips = out.resolve("flips.log");
            String java = ProcessHandle.current().info().command().orElseThrow();
            realsProcess = new ProcessBuilder("ip", "netns", "exec", lab.client, java, "-XX:+UseSerialGC", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), FlappingReals.class.getName(), REAL_ADDRESS,
                    Integer.toString(FIRST_PORT), Integer.toString(reals), Integer.toString(minutes * 60),
                    Integer.toString(MIN_DWELL), Integer.toString(MAX_DWELL), "94", flips.toString())
                    .redirectErrorStream(true).redirectOutput(out.resolve("reals.out").toFile()).start();
            reals0[0] = realsProcess;
            Thread.sleep(1500);
            for (Director d : ds) {
                d.configure(false, false, virtuals(reals, false));
                d.start();
            }
            long start = System.currentTimeMillis();
            long end = start + minutes * 60_000L;
            int tick = 0;
            boolean extra = false;
            int failovers = 0;
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                for (Director d : ds) {
                    String status = d.ask("ha-status");
                    if (status.contains("active director: node")) {
                        int at = status.indexOf("active director: node") + "active director: node".length();
                        record.active(now, d.index, status.charAt(at) - '0');
                    }
                }
                if (tick % 10 == 0) {
                    for (Director d : ds) {
                        record.sample(now - start, d, DaemonSample.of(d.pid()));
                    }
                }
                if (tick > 0 && tick % 30 == 0) {
                    extra = !extra;
                    for (Director d : ds) {
                        Files.writeString(d.config(), Files.readString(d.config()).replaceFirst("(?s)\\n# virtuals.*",
                                "\n" + virtuals(reals, extra)));
                        d.signal("HUP");
                    }
                    record.event(now, "reload (" + (extra ? "extra virtual added" : "extra virtual removed") + ")");
                }
                if (tick > 0 && tick % 120 == 0) {
                    Director active = record.activeNow(ds);
                    if (active != null) {
                        failovers++;
                        if (failovers % 2 == 1) {
                            record.event(now, "failover: standby on node" + active.index + ": " + active.ask("standby")
                                    .strip());
                        } else {
                            record.event(now, "failover: SIGSTOP node" + active.index + " for " + STOP_MILLIS + " ms");
                            active.signal("STOP");
                            record.stopped(active.index, now, now + STOP_MILLIS);
                            Thread.sleep(STOP_MILLIS);
                            active.signal("CONT");
                        }
                    }
                }
                tick++;
                long next = start + tick * 1000L;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            }
            record.end = System.currentTimeMillis();
            Thread.sleep(12_000); // the reals are frozen now: let the checks catch up
            Director active = record.activeNow(ds);
            String table = active != null ? active.ask("list") : "";
            Files.writeString(out.resolve("final-table.txt"), table);
            for (Director d : ds) {
                record.sample(System.currentTimeMillis() - start, d, DaemonSample.of(d.pid()));
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            SoakVerdict verdict = SoakVerdict.judge(record, flips, List.of(d1.log(), d2.log()), table,
                    active == null ? 0 : active.index);
            String report = verdict.report(minutes, reals, System.getProperty("bench.commit", "unknown"), loadBefore,
                    loadAfter, record);
            Files.writeString(out.resolve("results.md"), report);
            Files.writeString(out.resolve("samples.csv"), record.csv());
            Files.writeString(out.resolve("events.log"), String.join("\n", record.events) + "\n");
            Files.writeString(out.resolve("actives.csv"), "epoch_ms,asked,named_active\n" + String.join("\n",
                    record.actives.stream().map(a -> a[0] + "," + a[1] + "," + a[2]).toList()) + "\n");
            System.out.println(report);
            System.out.println("Raw samples, the reals' flips and the daemons' logs: " + out);
            if (!verdict.passed()) {
                System.exit(1);
            }
        } finally {
            if (realsProcess != null) {
                realsProcess.destroyForcibly();
            }
        }
    }

    /** The virtual services: {@code reals / PER_VIRTUAL} http virtuals, and in turn one extra always-up one. */
    static String virtuals(int reals, boolean extra) {
        StringBuilder sb = new StringBuilder("# virtuals\nquiescent=yes\n");
        for (int v = 0; v * PER_VIRTUAL < reals; v++) {
            sb.append("virtual=10.77.1.").append(v + 1).append(":80\n");
            for (int r = v * PER_VIRTUAL; r < Math.min(reals, (v + 1) * PER_VIRTUAL); r++) {
                sb.append("\treal=").append(REAL_ADDRESS).append(':').append(FIRST_PORT + r).append(" masq\n");
            }
            sb.append("\tservice=http\n\tchecktype=negotiate\n\trequest=\"/\"\n\treceive=\"ok\"\n")
                    .append("\tnegotiatetimeout=3\n\tscheduler=wrr\n");
        }
        if (extra) {
            sb.append("virtual=10.77.1.200:80\n\treal=10.77.0.50:80 gate\n\tchecktype=on\n");
        }
        return sb.toString();
    }

    /** What the run saw, in order. */
    static final class SoakRecord {
        final List<String> events = new ArrayList<>();
        /** [epoch ms, director asked, the director it named active]. */
        final List<long[]> actives = new ArrayList<>();
        /** [director, from ms, to ms]. */
        final List<long[]> stops = new ArrayList<>();
        final List<String> samples = new ArrayList<>(List.of("seconds,node,pid,fds,threads,rss_kb,heap_after_gc_kb"));
        final Map<Integer, List<long[]>> series = new LinkedHashMap<>();
        /** When the reals froze (epoch ms); log lines after it (the tear-down) are not judged. */
        long end = Long.MAX_VALUE;

        void event(long at, String what) {
            events.add(at + " " + what);
            System.out.println(java.time.Instant.ofEpochMilli(at) + " " + what);
        }

        void active(long at, int asked, int named) {
            actives.add(new long[] {at, asked, named});
        }

        void stopped(int node, long from, long to) {
            stops.add(new long[] {node, from, to});
        }

        void sample(long sinceStart, Director d, DaemonSample s) {
            if (s == null) {
                return;
            }
            samples.add(sinceStart / 1000 + "," + d.index + "," + d.pid() + "," + s.fds() + "," + s.threads() + ","
                    + s.rssKb() + "," + s.heapAfterGcKb());
            series.computeIfAbsent(d.index, k -> new ArrayList<>())
                    .add(new long[] {sinceStart / 1000, s.fds(), s.threads(), s.rssKb(), s.heapAfterGcKb()});
        }

        /** The director both named active in the last poll, if they agreed. */
        Director activeNow(Director[] ds) {
            int n = actives.size();
            if (n == 0) {
                return null;
            }
            long[] last = actives.get(n - 1);
            for (Director d : ds) {
                if (d.index == last[2]) {
                    return d;
                }
            }
            return null;
        }

        String csv() {
            return String.join("\n", samples) + "\n";
        }
    }
}
