package org.ldirector.director.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ldirector.director.cli.ControlSocket;
import org.ldirector.director.cli.Main;
import org.ldirector.failover.Sh;

/**
 * One director: our daemon as a separate process in its own network namespace, started as the detached daemon runs
 * ({@code ldirectord ldirectord.cf start} with the detacher's environment, so it stays our child and we know its pid),
 * with its own Heartbeat files, rundir, log file and {@code --dry-run} (in-memory IPVS table, logged sync daemon, real
 * VIPs and gratuitous ARP).
 */
final class DirectorNode implements AutoCloseable {

    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    final int index;
    final String name;
    final String namespace;
    final Path dir;
    final Path config;
    final Path haDir;
    final Path rundir;
    final Path log;
    final Path connectionTable;
    private Process process;

    /** The ha.cf, haresources and authkeys a node starts with. */
    record HaSetup(List<String> nodes, int directors, boolean autoFailback, boolean pingNode, String secret,
            boolean multicast, int deadtimeSeconds) {
        /** ucast to every director, deadtime 1. */
        HaSetup(List<String> nodes, int directors, boolean autoFailback, boolean pingNode, String secret) {
            this(nodes, directors, autoFailback, pingNode, secret, false, 1);
        }

        HaSetup withSecret(String s) {
            return new HaSetup(nodes, directors, autoFailback, pingNode, s, multicast, deadtimeSeconds);
        }

        /** One {@code mcast eth0} medium instead of the ucast lines (JGroups over UDP multicast). */
        HaSetup withMulticast() {
            return new HaSetup(nodes, directors, autoFailback, pingNode, secret, true, deadtimeSeconds);
        }

        HaSetup withDeadtime(int seconds) {
            return new HaSetup(nodes, directors, autoFailback, pingNode, secret, multicast, seconds);
        }

        String haCf() {
            StringBuilder sb = new StringBuilder();
            sb.append("# written by ").append(DirectorNode.class.getSimpleName()).append('\n');
            sb.append("keepalive 200ms\n");
            sb.append("deadtime ").append(deadtimeSeconds).append('\n');
            sb.append("warntime 500ms\n");
            sb.append("initdead 2\n");
            sb.append("udpport 7694\n");
            if (multicast) {
                sb.append("mcast eth0 239.0.0.94 7694 1 0\n");
            } else {
                for (int i = 1; i <= directors; i++) {
                    sb.append("ucast eth0 ").append(ClusterTopology.directorAddress(i)).append('\n');
                }
            }
            sb.append("auto_failback ").append(autoFailback ? "on" : "off").append('\n');
            if (pingNode) {
                sb.append("ping ").append(ClusterTopology.CLIENT).append('\n');
            }
            sb.append("node ").append(String.join(" ", nodes)).append('\n');
            return sb.toString();
        }
    }

    DirectorNode(ClusterTopology topology, int index, Path dir) throws IOException {
        this.index = index;
        this.name = "node" + index;
        this.namespace = topology.director(index);
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("ldirectord.cf");
        this.haDir = Files.createDirectories(dir.resolve("ha.d"));
        // A unix socket path has at most 107 bytes: the rundir (pid file, control socket) lives under /tmp.
        this.rundir = Files.createTempDirectory("ldc-" + name + "-");
        this.log = dir.resolve("ldirectord.log");
        this.connectionTable = dir.resolve("ip_vs_conn");
    }

    /** The real of the virtual every test director has (checktype=on: always up, never contacted). */
    static final String OPERATED_REAL = "10.77.1.50:80";

    void configure(HaSetup setup) throws IOException {
        Files.writeString(haDir.resolve("ha.cf"), setup.haCf());
        Files.writeString(haDir.resolve("haresources"), "node1 IPaddr2::" + ClusterTopology.VIP
                + "/24/eth0 LVSSyncDaemonSwap::master::eth0 ldirectord::ldirectord.cf\n");
        Path authkeys = haDir.resolve("authkeys");
        Files.deleteIfExists(authkeys);
        Files.createFile(authkeys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(authkeys, "auth 1\n1 sha1 " + setup.secret() + "\n");
        Files.writeString(config, "checkinterval=1\n"
                + "logfile=\"" + log + "\"\n"
                + "failover = " + haDir.resolve("ha.cf") + "\n"
                // one real that is never checked, for the operator actions
                + "virtual = " + ClusterTopology.VIP + ":80\n\treal = " + OPERATED_REAL + " gate\n\tchecktype = on\n");
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, JAVA, "-cp",
                System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-Dldirector.connectionTable=" + connectionTable, Main.class.getName(),
                dir.resolve("sbin").resolve("ldirectord").toString(), "--dry-run", "--node", name,
                "--rundir", rundir.toString(), config.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the daemon ({@code start}, run as the detached daemon itself). */
    void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is running");
        }
        ProcessBuilder pb = new ProcessBuilder(command("start"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LDIRECTOR_DETACHED", "1"); // Main.DETACHED_ENV: be the daemon, do not spawn one
        process = pb.start();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: no release, no goodbye; the kernel resets its connections. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String signal) throws IOException {
        Sh.ok("kill", "-" + signal, Long.toString(process.pid()));
    }

    /** SIGTERM and wait for the exit (as {@code ldirectord stop} does). */
    void terminate() throws IOException, InterruptedException {
        if (!alive()) {
            return;
        }
        Sh.quietly("kill", "-CONT", Long.toString(process.pid()));
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    void awaitExit(Duration timeout) throws InterruptedException {
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code ldirectord ldirectord.cf <command>} as an operator types it, in this director's namespace. */
    Sh.Result cli(String... args) throws IOException {
        return Sh.run(command(args));
    }

    /** What {@code ldirectord <command>} prints, asked on the control socket directly (no JVM start-up). */
    String ask(String command) throws IOException {
        return ControlSocket.ask(ControlSocket.pathFor(rundir, config.getFileName().toString()), command,
                Duration.ofSeconds(10));
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    boolean logged(String text) {
        return logText().contains(text);
    }

    String describe() {
        String state = alive() ? "pid " + pid() : "not running";
        StringBuilder sb = new StringBuilder("==== " + name + " (" + namespace + ", " + state + ") log " + log
                + " ====\n").append(logText());
        for (String f : List.of("stdout", "stderr")) {
            try {
                Path p = dir.resolve(f);
                if (Files.exists(p) && Files.size(p) > 0) {
                    sb.append("---- ").append(f).append(" ----\n").append(Files.readString(p));
                }
            } catch (IOException e) {
                sb.append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                terminate();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(rundir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(rundir);
        } catch (IOException e) {
            // best effort
        }
    }
}
