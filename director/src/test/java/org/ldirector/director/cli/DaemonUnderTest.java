package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Our own daemon as a separate process in a test directory, driven through its command line like an
 * init script would ({@code <dir>/sbin/ldirectord <dir>/ldirectord.cf start|stop|...}), with the
 * stand-in ipvsadm ({@code testing/fake-ipvsadm}) keeping the "kernel" table in {@link #state} and
 * a trace of every invocation in {@link #trace}, and the real log file {@link #log}.
 */
final class DaemonUnderTest {

    static final Path FAKE_IPVSADM = Path.of("..", "testing", "fake-ipvsadm", "ipvsadm").toAbsolutePath().normalize();
    static final String LOG_PREFIX = "^\\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\|ldirectord\\.cf\\|\\d+\\] ";

    final Path dir;
    final Path config;
    final Path log;
    final Path state;
    final Path trace;
    /** The network namespace the daemon runs in ({@code ip netns exec}), or null for this one. */
    private String namespace;

    record Result(int exit, String out, String err) {
    }

    /** How far the log and the trace had come: what a transition wrote comes after it. */
    record Mark(int logLines, int traceLines) {
    }

    DaemonUnderTest(Path dir) {
        assertThat(FAKE_IPVSADM).as("stand-in ipvsadm").isExecutable();
        this.dir = dir;
        config = dir.resolve("ldirectord.cf");
        log = dir.resolve("ldirectord.log");
        state = dir.resolve("ipvs.json");
        trace = dir.resolve("ipvsadm.trace");
    }

    /** Runs the daemon and its commands in network namespace {@code ns} from now on. */
    DaemonUnderTest inNamespace(String ns) {
        this.namespace = ns;
        return this;
    }

    /** Runs {@code ldirectord [options] <config> <args>} and waits for it (start returns once the daemon runs). */
    Result run(String... args) throws IOException, InterruptedException {
        return runFor(config, args);
    }

    /** Runs {@code ldirectord [options] <configFile> <args>}: another configuration in the same rundir. */
    Result runFor(Path configFile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (namespace != null) {
            cmd.addAll(List.of("ip", "netns", "exec", namespace));
        }
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dldirector.hadir=" + dir.resolve("no-such-ha.d"));
        cmd.add(Main.class.getName());
        cmd.add(dir.resolve("sbin").resolve("ldirectord").toString()); // $0: what the OCF agent greps for
        cmd.add("--ipvsadm");
        cmd.add(FAKE_IPVSADM.toString());
        cmd.add("--rundir");
        cmd.add(dir.toString());
        cmd.add(configFile.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Map<String, String> env = pb.environment();
        env.put("FAKE_IPVSADM_STATE", state.toString());
        env.put("FAKE_IPVSADM_TRACE", trace.toString());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("ldirectord " + String.join(" ", args) + " finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** {@code ipvsadm -L -n} of the stand-in's table. */
    String ipvsadmList() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(FAKE_IPVSADM.toString(), "-L", "-n");
        pb.environment().put("FAKE_IPVSADM_STATE", state.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /**
     * How long one {@code ipvsadm -L -n} of the stand-in takes on this machine now (the median of
     * three): it is a Python program, 50 ms on a quiet machine and a second on a saturated one, and
     * the web interface's every snapshot runs four listings.
     */
    java.time.Duration listingTime() throws IOException, InterruptedException {
        long[] t = new long[3];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            ipvsadmList();
            t[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        return java.time.Duration.ofNanos(t[1]);
    }

    /**
     * The table as {@code ipvsadm -L -n} shows it: service ({@code "TCP 10.0.0.1:80"}, {@code "UDP [::1]:53"},
     * {@code "FWM 7 IPv6"}) → real ({@code "127.0.0.1:8080"}) → weight.
     */
    Map<String, Map<String, Integer>> table() throws IOException, InterruptedException {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        Map<String, Integer> current = null;
        for (String line : ipvsadmList().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (line.matches("^(TCP|UDP|FWM) .*")) {
                String key = f[0] + " " + f[1] + (f.length > 2 && f[2].equals("IPv6") ? " IPv6" : "");
                current = table.computeIfAbsent(key, k -> new LinkedHashMap<>());
            } else if (line.startsWith("  -> ") && current != null && !f[1].equals("RemoteAddress:Port")) {
                current.put(f[1], Integer.parseInt(f[3]));
            }
        }
        return table;
    }

    List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    List<String> traceLines() throws IOException {
        return Files.exists(trace) ? Files.readAllLines(trace) : List.of();
    }

    Mark mark() throws IOException {
        return new Mark(logLines().size(), traceLines().size());
    }

    /** Whether a log line (after the {@code [ctime|ldirectord.cf|pid]} prefix) is exactly {@code message}. */
    boolean logged(String message) throws IOException {
        return loggedSince(new Mark(0, 0), message);
    }

    boolean loggedSince(Mark mark, String message) throws IOException {
        List<String> lines = logLines();
        Pattern p = Pattern.compile(LOG_PREFIX + Pattern.quote(message));
        return lines.subList(Math.min(mark.logLines(), lines.size()), lines.size()).stream().anyMatch(l -> p.matcher(l).matches());
    }

    /** The log lines that mention {@code text}, for failure messages. */
    String logAbout(String text) throws IOException {
        return String.join("\n", logLines().stream().filter(l -> l.contains(text)).toList());
    }

    /** Whether ipvsadm was run with exactly {@code args}, on its command line or as a line of an {@code -R} batch. */
    boolean ranSince(Mark mark, String args) throws IOException {
        List<String> lines = traceLines();
        return lines.subList(Math.min(mark.traceLines(), lines.size()), lines.size()).stream()
                .anyMatch(l -> l.equals("stdin\t" + args) || l.equals("argv\t" + args));
    }

    /** Waits for {@code condition}; on timeout fails with what the daemon says about its reals and its log. */
    void await(String what, java.time.Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            org.awaitility.Awaitility.await(what).atMost(atMost).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String state;
            try {
                state = "ldirectord list:\n" + run("list").out() + "\nlog:\n" + String.join("\n", logLines());
            } catch (Exception f) {
                state = f.toString();
            }
            throw new AssertionError(e.getMessage() + "\n" + state, e);
        }
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("ldirectord.ldirectord.cf.pid")).strip());
    }
}
