package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SystemdNotify} against a real unix datagram socket (a small python3 listener stands in for
 * systemd's notify socket) and the real systemd-notify(1). Lives here, next to the unit that uses it.
 */
class SystemdNotifyTest {

    /**
     * Prints the sender's pid and the first message. systemd-notify then sends BARRIER=1 with a file
     * descriptor and waits until the manager closes it, as systemd does; so does this listener.
     */
    private static final String LISTENER = """
            import array, os, socket, struct, sys
            path = sys.argv[1]
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(path)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            s.settimeout(20)
            open(path + ".ready", "w").close()
            out = []
            while True:
                try:
                    msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(12) + socket.CMSG_SPACE(16))
                except socket.timeout:
                    break
                fds = array.array("i")
                sender = "?"
                for (level, kind, data) in anc:
                    if kind == socket.SCM_CREDENTIALS:
                        sender = struct.unpack("iII", data)[0]
                    elif kind == socket.SCM_RIGHTS:
                        fds.frombytes(data[:len(data) - len(data) % 4])
                for fd in fds:
                    os.close(fd)
                text = msg.decode()
                if text == "BARRIER=1":
                    break
                out.append("sender=%s\\n%s" % (sender, text))
                s.settimeout(2)
            sys.stdout.write("\\n".join(out))
            """;

    @BeforeAll
    static void needsSystemdNotifyAndPython() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-notify"))
                || Files.isExecutable(Path.of("/bin/systemd-notify")), "systemd-notify (Debian package systemd)");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3");
    }

    /** Starts a listener on a fresh socket, runs {@code send} with NOTIFY_SOCKET pointing at it, returns what arrived. */
    private static String receive(Path dir, java.util.function.Function<SystemdNotify, Boolean> send, long pid) throws Exception {
        Path socket = dir.resolve("notify");
        Path script = dir.resolve("listener.py");
        Files.writeString(script, LISTENER);
        Process listener = new ProcessBuilder("/usr/bin/python3", script.toString(), socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            for (int i = 0; i < 200 && !Files.exists(Path.of(socket + ".ready")); i++) {
                Thread.sleep(50);
            }
            SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString(), "PATH", "/usr/bin:/bin"), pid);
            assertThat(notify.enabled()).isTrue();
            assertThat(send.apply(notify)).isTrue();
            assertThat(listener.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            listener.destroyForcibly();
        }
    }

    @Test
    void readyTellsSystemdWithTheDaemonsPidAsSenderAndMainPid(@TempDir Path dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        String got = receive(dir, n -> n.ready("2 virtual services, 5 real servers up"), pid);
        List<String> lines = got.lines().toList();
        assertThat(lines).contains("READY=1", "STATUS=2 virtual services, 5 real servers up", "MAINPID=" + pid);
        if ("root".equals(System.getProperty("user.name"))) {
            // As root, systemd-notify sends with our pid as the credentials: NotifyAccess=main would do.
            assertThat(lines.get(0)).isEqualTo("sender=" + pid);
        }
    }

    @Test
    void reloadingAndStoppingSendTheirKeywords(@TempDir Path dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        assertThat(receive(Files.createDirectories(dir.resolve("a")), n -> n.reloading("Reloading"), pid).lines())
                .contains("RELOADING=1", "STATUS=Reloading");
        assertThat(receive(Files.createDirectories(dir.resolve("b")), n -> n.stopping("Removing virtual services"), pid).lines())
                .contains("STOPPING=1", "STATUS=Removing virtual services");
    }

    @Test
    void statusStaysOnOneLine(@TempDir Path dir) throws Exception {
        String got = receive(dir, n -> n.status("first\nsecond\r\nthird"), ProcessHandle.current().pid());
        assertThat(got.lines()).contains("STATUS=first second third");
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("PATH", "/usr/bin:/bin"), 42);
        assertThat(notify.enabled()).isFalse();
        assertThat(notify.ready("x")).isFalse();
        assertThat(SystemdNotify.disabled().stopping("x")).isFalse();
    }

    @Test
    void commandLineNamesThePid() {
        SystemdNotify notify = new SystemdNotify(java.util.Optional.of(Path.of("/usr/bin/systemd-notify")), "/run/test/notify", 1234);
        assertThat(notify.commandLine("READY=1")).containsExactly("/usr/bin/systemd-notify", "--pid=1234", "READY=1");
    }
}
