package org.ldirector.bench.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The failover benchmark of issue #4 (bench/failover.sh; results in docs/benchmarks.md, "Failover"). Two directors
 * (our daemon, as processes in network namespaces on one bridge) and a client; ha.cf keepalive 200ms, deadtime 1,
 * warntime 500ms, initdead 2, auto_failback on, node1 preferred. Per scenario, {@code --runs} times:
 * <ul>
 * <li>{@code kill}: kill -9 of the active → the VIP is on the standby (its {@code ip monitor}) and the client's
 * neighbour entry has the standby's MAC (the gratuitous ARP arrived). The killed node is restarted and takes the
 * VIP back before the next run.</li>
 * <li>{@code stop}: SIGSTOP of the active → the same two moments; then SIGCONT (and the time the frozen node takes to
 * drop its VIP on resume).</li>
 * <li>{@code stall}: SIGSTOP of the active for {@link #STALL_MILLIS} ms, less than deadtime, then SIGCONT → the
 * standby must not take over (no VIP added on it within 2 s); counts the false takeovers.</li>
 * <li>{@code heal}: without ping nodes, pulling the active's cable gives two actives; from the cable's return →
 * one active (the standby removed the VIP), and the client sent back to the survivor.</li>
 * </ul>
 * Times are from just before the kill/signal/link command to the kernel's event stamp, in ms.
 */
public final class FailoverBench {

    private static final DateTimeFormatter DIR = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** The stall scenario's SIGSTOP: half of the bench's deadtime (1 s). */
    static final long STALL_MILLIS = 500;

    private final Lab lab;
    private final Path out;
    private final List<String> daemonOptions;
    private final Map<String, List<Double>> results = new LinkedHashMap<>();
    private final List<String> csv = new ArrayList<>(List.of("scenario,run,metric,ms"));
    private Director d1;
    private Director d2;
    private int clusterCount;
    private int stalls;
    private int falseTakeovers;

    private FailoverBench(Lab lab, Path out, List<String> daemonOptions) {
        this.lab = lab;
        this.out = out;
        this.daemonOptions = daemonOptions;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opt = options(argv);
        if (opt.containsKey("--help")) {
            System.out.println("FailoverBench [--runs N] [--scenarios kill,stop,stall,heal] [--out DIR]"
                    + " [--daemon-opts \"JVM flags\"]");
            return;
        }
        int runs = Integer.parseInt(opt.getOrDefault("--runs", "20"));
        List<String> scenarios = List.of(opt.getOrDefault("--scenarios", "kill,stop,stall,heal").split(","));
        List<String> daemonOpts =
                List.of(opt.getOrDefault("--daemon-opts", "-XX:+UseSerialGC -Xmx192m").trim().split("\\s+"));
        Path out = Path.of(opt.getOrDefault("--out", "bench/target/failover-bench"))
                .resolve(LocalDateTime.now().format(DIR)).toAbsolutePath();
        Files.createDirectories(out);
        if (!Lab.run("id", "-u").output().strip().equals("0")) {
            System.err.println("FailoverBench: needs root (ip netns)");
            System.exit(2);
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        try (Lab lab = new Lab()) {
            FailoverBench bench = new FailoverBench(lab, out, daemonOpts);
            Thread hook = new Thread(() -> {
                bench.stopCluster();
                lab.close();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                for (String s : scenarios) {
                    bench.scenario(s.strip(), runs);
                }
            } finally {
                bench.stopCluster();
            }
            bench.report(runs, loadBefore, Files.readString(Path.of("/proc/loadavg")).strip());
        }
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            int eq = a.indexOf('=');
            if (eq > 0) {
                m.put(a.substring(0, eq), a.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                m.put(a, argv[++i]);
            } else {
                m.put(a, "true");
            }
        }
        return m;
    }

    private void scenario(String name, int runs) throws Exception {
        boolean pingNode = !name.equals("heal"); // a split brain needs both sides to think they may serve
        startCluster(pingNode);
        String mac1 = lab.mac(1);
        String mac2 = lab.mac(2);
        for (int run = 1; run <= runs; run++) {
            awaitSteady();
            Thread.sleep(300);
            switch (name) {
                case "kill" -> {
                    Instant t0 = Instant.now();
                    d1.kill9();
                    Instant vip = await("node2 adds the VIP", () -> lab.vip(2, true, t0));
                    Instant garp = await("client moved to node2", () -> lab.neighbour(mac2, t0));
                    record(name, run, "kill -9 → VIP on the new active", t0, vip);
                    record(name, run, "kill -9 → client's neighbour entry moved (GARP)", t0, garp);
                    d1.start();
                }
                case "stop" -> {
                    Instant t0 = Instant.now();
                    d1.signal("STOP");
                    Instant vip = await("node2 adds the VIP", () -> lab.vip(2, true, t0));
                    Instant garp = await("client moved to node2", () -> lab.neighbour(mac2, t0));
                    record(name, run, "SIGSTOP → VIP on the new active", t0, vip);
                    record(name, run, "SIGSTOP → client's neighbour entry moved (GARP)", t0, garp);
                    Thread.sleep(500);
                    Instant resumed = Instant.now();
                    d1.signal("CONT");
                    Instant released = await("node1 drops the VIP on resume", () -> lab.vip(1, false, resumed));
                    record(name, run, "SIGCONT → the frozen node dropped its VIP", resumed, released);
                }
                case "stall" -> {
                    Instant t0 = Instant.now();
                    d1.signal("STOP");
                    Thread.sleep(STALL_MILLIS);
                    d1.signal("CONT");
                    Thread.sleep(2000);
                    stalls++;
                    boolean tookOver = lab.vip(2, true, t0).isPresent();
                    falseTakeovers += tookOver ? 1 : 0;
                    csv.add(name + "," + run + ",\"false takeover\"," + (tookOver ? 1 : 0));
                    System.out.printf("%-5s run %2d  SIGSTOP %d ms (< deadtime) → %s%n", name, run, STALL_MILLIS,
                            tookOver ? "FALSE TAKEOVER: node2 added the VIP" : "no takeover");
                }
                case "heal" -> {
                    Instant cut = Instant.now();
                    lab.cut(1);
                    await("node2 adds the VIP (split brain)", () -> lab.vip(2, true, cut));
                    await("node1 alone", () -> d1.status().matches("(?s).*member node2 +\\S+ +absent.*")
                            ? Optional.of(Instant.now()) : Optional.empty());
                    Thread.sleep(500);
                    Instant t0 = Instant.now();
                    lab.heal(1);
                    Instant single = await("node2 releases", () -> lab.vip(2, false, t0));
                    Instant back = await("client back on node1", () -> lab.neighbour(mac1, t0));
                    record(name, run, "heal → single active", t0, single);
                    record(name, run, "heal → client's neighbour entry on the survivor", t0, back);
                }
                default -> throw new IllegalArgumentException("unknown scenario " + name
                        + " (kill, stop, stall, heal)");
            }
        }
        awaitSteady();
        stopCluster();
    }

    private void startCluster(boolean pingNode) throws Exception {
        stopCluster();
        clusterCount++;
        d1 = new Director(lab, 1, out.resolve("cluster" + clusterCount).resolve("node1"), daemonOptions);
        d2 = new Director(lab, 2, out.resolve("cluster" + clusterCount).resolve("node2"), daemonOptions);
        d1.configure(pingNode);
        d2.configure(pingNode);
        d1.start();
        d2.start();
    }

    private void stopCluster() {
        for (Director d : new Director[] {d1, d2}) {
            if (d != null) {
                d.close();
            }
        }
        d1 = null;
        d2 = null;
        for (int i = 1; i <= 2; i++) {
            try {
                Lab.run("ip", "-n", lab.sw, "link", "set", "d" + i, "up");
                Lab.run("ip", "-n", lab.director(i), "addr", "del", Lab.VIP + "/24", "dev", "eth0");
            } catch (IOException e) {
                // the namespaces may be gone
            }
        }
    }

    /** node1 holds the VIP alone, both see each other eligible, the client reaches node1. */
    private void awaitSteady() throws Exception {
        String mac1 = lab.mac(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (lab.holdsVip(1) && !lab.holdsVip(2)) {
                String s1 = d1.status();
                String s2 = d2.status();
                if (s1.contains("node node1: ACTIVE") && s2.contains("active director: node1\n")
                        && s1.matches("(?s).*member node2 +STANDBY +in cluster +heartbeat \\d+ms +ping ok *\n.*")
                        && s2.matches("(?s).*member node2 +STANDBY +in cluster +heartbeat local +ping ok *\n.*")
                        && lab.clientPings(Lab.VIP) && lab.clientNeighbour().equals(mac1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not settle (node1 active, node2 standby): see the logs in "
                + out + "\nnode1: " + d1.status() + "\nnode2: " + d2.status());
    }

    private static Instant await(String what, Callable<Optional<Instant>> event) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> at = event.call();
            if (at.isPresent()) {
                return at.get();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("timed out waiting: " + what);
    }

    private void record(String scenario, int run, String metric, Instant from, Instant to) {
        double ms = Duration.between(from, to).toNanos() / 1e6;
        results.computeIfAbsent(metric, k -> new ArrayList<>()).add(ms);
        csv.add(scenario + "," + run + ",\"" + metric + "\"," + String.format("%.1f", ms));
        System.out.printf("%-5s run %2d  %-52s %8.1f ms%n", scenario, run, metric, ms);
    }

    private void report(int runs, String loadBefore, String loadAfter) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Failover benchmark, ").append(runs).append(" runs per scenario, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, kernel ")
                .append(Lab.run("uname", "-r").output().strip()).append(", Java ")
                .append(System.getProperty("java.version")).append(", commit ")
                .append(System.getProperty("bench.commit", "unknown")).append("\n\n");
        md.append("ha.cf: ").append(Director.HA_TIMINGS.strip().replace("\n", ", "))
                .append("; daemons: ").append(String.join(" ", daemonOptions)).append("; /proc/loadavg before: ")
                .append(loadBefore).append(", after: ").append(loadAfter).append("\n\n");
        md.append("| Event | runs | p50 | p95 | min | max |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            md.append(String.format("| %s | %d | %s | %s | %s | %s |%n", e.getKey(), v.length, ms(pct(v, 50)),
                    ms(pct(v, 95)), ms(v[0]), ms(v[v.length - 1])));
        }
        if (stalls > 0) {
            md.append(String.format("%nSIGSTOP of the active for %d ms (< deadtime) and SIGCONT: %d false takeovers in"
                    + " %d runs%n", STALL_MILLIS, falseTakeovers, stalls));
        }
        Files.writeString(out.resolve("results.md"), md);
        Files.write(out.resolve("runs.csv"), csv);
        System.out.println();
        System.out.print(md);
        System.out.println("\nRaw runs and the daemons' logs: " + out);
    }

    /** Nearest rank. */
    private static double pct(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String ms(double v) {
        return v >= 1000 ? String.format("%.2f s", v / 1000) : String.format("%.0f ms", v);
    }
}
