package org.ldirector.bench.failover;

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

/**
 * One director of the benchmark: our daemon ({@code ldirectord ldirectord.cf start} run as the detached daemon, so it
 * is our child) in its namespace with {@code --dry-run} (real VIPs and gratuitous ARP, logged sync daemon), its own
 * Heartbeat files, log file and rundir.
 */
final class Director implements AutoCloseable {

    static final String HA_TIMINGS = "keepalive 200ms\ndeadtime 1\nwarntime 500ms\ninitdead 2\n";

    final int index;
    final String name;
    private final Lab lab;
    private final Path dir;
    private final Path rundir;
    private final List<String> jvmOptions;
    private Process process;

    Director(Lab lab, int index, Path dir, List<String> jvmOptions) throws IOException {
        this.lab = lab;
        this.index = index;
        this.name = "node" + index;
        this.dir = Files.createDirectories(dir);
        this.rundir = Files.createTempDirectory("lfb-" + name + "-"); // unix socket paths are short
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** ha.cf (the tests' short timings, auto_failback on, node1 preferred), haresources, authkeys, ldirectord.cf. */
    void configure(boolean pingNode) throws IOException {
        configure(pingNode, true, "");
    }

    /** As above, with {@code auto_failback} and the virtual services ({@code ldirectord.cf} lines) given. */
    void configure(boolean pingNode, boolean autoFailback, String virtuals) throws IOException {
        Path ha = Files.createDirectories(dir.resolve("ha.d"));
        Files.writeString(ha.resolve("ha.cf"), HA_TIMINGS + "udpport 7694\nucast eth0 " + Lab.address(1)
                + "\nucast eth0 " + Lab.address(2) + "\nauto_failback " + (autoFailback ? "on" : "off") + "\n"
                + (pingNode ? "ping " + Lab.CLIENT + "\n" : "")
                + "node node1 node2\n");
        Files.writeString(ha.resolve("haresources"), "node1 IPaddr2::" + Lab.VIP
                + "/24/eth0 LVSSyncDaemonSwap::master::eth0 ldirectord::ldirectord.cf\n");
        Path authkeys = ha.resolve("authkeys");
        Files.deleteIfExists(authkeys);
        Files.createFile(authkeys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(authkeys, "auth 1\n1 sha1 bench-secret\n");
        Files.writeString(dir.resolve("ldirectord.cf"), "checkinterval=1\nlogfile=\"" + dir.resolve("ldirectord.log")
                + "\"\nfailover = " + ha.resolve("ha.cf") + "\n" + virtuals);
    }

    Path config() {
        return dir.resolve("ldirectord.cf");
    }

    Path log() {
        return dir.resolve("ldirectord.log");
    }

    long pid() {
        return process.pid();
    }

    /** A control-socket request ({@code list}, {@code ha-status}, …); "" while the daemon does not answer. */
    String ask(String request) {
        try {
            return ControlSocket.ask(rundir.resolve("ldirectord.ldirectord.cf.sock"), request, Duration.ofSeconds(5));
        } catch (IOException e) {
            return "";
        }
    }

    void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.director(index),
                ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.ldirector.director.cli.Main",
                dir.resolve("sbin/ldirectord").toString(), "--dry-run", "--node", name, "--rundir", rundir.toString(),
                dir.resolve("ldirectord.cf").toString(), "start"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LDIRECTOR_DETACHED", "1"); // be the daemon rather than spawn one
        process = pb.start();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String signal) throws IOException {
        Lab.ok("kill", "-" + signal, Long.toString(process.pid()));
    }

    /** {@code ldirectord ha-status}, on the control socket; "" while the daemon does not answer. */
    String status() {
        try {
            return ControlSocket.ask(rundir.resolve("ldirectord.ldirectord.cf.sock"), "ha-status",
                    Duration.ofSeconds(5));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (alive()) {
            try {
                Lab.run("kill", "-CONT", Long.toString(process.pid()));
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
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
