package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ldirectord.service asks of the daemon, with a stand-in for systemd's notify socket: run by
 * {@code ldirectord --foreground <cfg> start}, it stays the main process, keeps its pid file, says
 * READY=1 once its services are in IPVS, RELOADING=1/READY=1 around a SIGHUP, STOPPING=1 on SIGTERM,
 * and exits 0 after removing its services (the unit's KillMode=mixed relies on that). Runs the
 * distribution tree with the stand-in ipvsadm; no root needed. Skipped while the CLI has no
 * {@code --foreground} yet.
 */
class SystemdForegroundIT {

    private static final String LISTENER = """
            import array, os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            out = open(sys.argv[2], "a")
            while True:
                msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(16))
                fds = array.array("i")
                for (level, kind, data) in anc:
                    if kind == socket.SCM_RIGHTS:
                        fds.frombytes(data[:len(data) - len(data) % 4])
                for fd in fds:
                    os.close(fd)
                if msg != b"BARRIER=1":
                    out.write(msg.decode().replace("\\n", " ") + "\\n")
                    out.flush()
            """;

    @Test
    void notifiesReadyReloadingStoppingAndCleansUpOnTerm(@TempDir Path dir) throws Exception {
        Path dist = Path.of(System.getProperty("ldirector.dist", "target/ldirector")).toAbsolutePath();
        Path repo = Path.of(System.getProperty("ldirector.repo", "..")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3");
        Path ipvsadm = dir.resolve("ipvsadm");
        DebHost.write(ipvsadm, """
                #!/bin/sh
                export FAKE_IPVSADM_STATE=%s/ipvs.json
                exec /usr/bin/python3 %s/testing/fake-ipvsadm/ipvsadm "$@"
                """.formatted(dir, repo), true);
        Path cfg = dir.resolve("fg.cf");
        Files.writeString(cfg, """
                checktimeout=2
                checkinterval=1
                logfile="%s/ldirectord.log"

                virtual=127.0.0.1:18300
                \treal=127.0.0.2:18300 gate
                \tchecktype=on
                """.formatted(dir));
        Path rundir = Files.createDirectories(dir.resolve("run"));
        Path socket = dir.resolve("notify");
        Path received = dir.resolve("received");
        Path script = dir.resolve("listener.py");
        Files.writeString(script, LISTENER);
        Shell shell = new Shell(Map.of("JAVA_HOME", System.getProperty("java.home")));
        List<String> start = List.of(dist.resolve("bin/ldirectord").toString(), "--foreground", "--ipvsadm", ipvsadm.toString(),
                "--rundir", rundir.toString(), cfg.toString(), "start");

        Shell.Result probe = shell.run(dist.resolve("bin/ldirectord").toString(), "--foreground", "-v");
        Assumptions.assumeTrue(probe.exit() == 0, "the CLI has no --foreground yet: " + probe.err().strip());

        Process listener = new ProcessBuilder("/usr/bin/python3", script.toString(), socket.toString(), received.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("listener.out").toFile()).start();
        Process daemon = null;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
            ProcessBuilder pb = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile());
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            daemon = pb.start();
            long pid = daemon.pid(); // the launcher execs java: systemd's MAINPID
            Path pidFile = rundir.resolve("ldirectord.fg.cf.pid");

            awaitReceived(received, "READY=1");
            assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(pid));
            assertThat(Files.readString(received)).contains("MAINPID=" + pid, "STATUS=");
            assertThat(shell.run(ipvsadm.toString(), "-S", "-n").out())
                    .as("the services are in IPVS when READY=1 arrives").contains("-a -t 127.0.0.1:18300 -r 127.0.0.2:18300 -g -w 1");

            Shell.Result second = shell.run(start);
            assertThat(second.exit()).as("a second --foreground start, %s", second).isEqualTo(1);
            assertThat(second.err()).contains("is already running with pid: " + pid);

            shell.ok("kill", "-HUP", Long.toString(pid));
            awaitReceived(received, "RELOADING=1");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(received).lines().filter(l -> l.contains("READY=1")).count() == 2);

            shell.ok("kill", "-TERM", Long.toString(pid));
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).as("exit status after SIGTERM").isZero();
            assertThat(Files.readString(received)).contains("STOPPING=1");
            assertThat(shell.run(ipvsadm.toString(), "-S", "-n").out()).as("IPVS after the stop").isEmpty();
            assertThat(pidFile).doesNotExist();
        } finally {
            if (daemon != null && daemon.isAlive()) {
                daemon.destroyForcibly();
            }
            listener.destroyForcibly();
        }
    }

    private static void awaitReceived(Path received, String word) {
        Awaitility.await(word).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(received) && Files.readString(received).contains(word));
    }
}
