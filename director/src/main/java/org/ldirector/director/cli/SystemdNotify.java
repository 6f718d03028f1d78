package org.ldirector.director.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * sd_notify(3) for the daemon when systemd runs it in the foreground ({@code Type=notify}): tells the
 * service manager that the first check round is done ({@code READY=1}), that a reload starts and ends
 * ({@code RELOADING=1}, then {@code READY=1}), and that the daemon is stopping ({@code STOPPING=1}), each
 * with a one-line {@code STATUS=}.
 *
 * <p>The protocol is one datagram on the unix socket named by {@code $NOTIFY_SOCKET}. Java 21 has no
 * unix datagram sockets (only stream ones), the FFM API is still a preview there and JNA is not a
 * dependency, so each message is handed to {@code systemd-notify(1)}, which ships with systemd and so is
 * present wherever {@code $NOTIFY_SOCKET} is set. It is called with {@code --pid=<our pid>}: as root it
 * then sends with our pid as the sender's credentials (and {@code MAINPID=}), so the message is
 * credited to the main process; the unit still says {@code NotifyAccess=all} so that a daemon without
 * CAP_SYS_ADMIN, whose message then carries systemd-notify's own pid, is heard too.
 *
 * <p>Without {@code $NOTIFY_SOCKET} every call does nothing. A failed notification is logged and
 * otherwise ignored: it must never stop the director.
 */
public final class SystemdNotify {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<Path> NOTIFY_LOCATIONS = List.of(Path.of("/usr/bin/systemd-notify"), Path.of("/bin/systemd-notify"));

    private final Optional<Path> command;
    private final String socket;
    private final long pid;

    SystemdNotify(Optional<Path> command, String socket, long pid) {
        this.command = Objects.requireNonNull(command);
        this.socket = Objects.requireNonNull(socket);
        this.pid = pid;
    }

    /** A notifier for this process: active when systemd set {@code $NOTIFY_SOCKET}, else one that does nothing. */
    public static SystemdNotify fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    static SystemdNotify fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return disabled();
        }
        Optional<Path> cmd = locate(env.getOrDefault("PATH", ""));
        if (cmd.isEmpty()) {
            LOG.info("NOTIFY_SOCKET is set but systemd-notify was not found: cannot tell systemd that the daemon is ready");
        }
        return new SystemdNotify(cmd, socket, pid);
    }

    /** A notifier that never sends anything (not under systemd, or not in the foreground). */
    public static SystemdNotify disabled() {
        return new SystemdNotify(Optional.empty(), "", 0);
    }

    /** True if calls send something. */
    public boolean enabled() {
        return command.isPresent();
    }

    /** Start-up (first check round done) or a reload finished: {@code READY=1}. */
    public boolean ready(String status) {
        return send("READY=1", "STATUS=" + oneLine(status));
    }

    /** A reload begins; call {@link #ready(String)} when it is done. */
    public boolean reloading(String status) {
        return send("RELOADING=1", "STATUS=" + oneLine(status));
    }

    /** The daemon begins its clean stop (removing its IPVS services). */
    public boolean stopping(String status) {
        return send("STOPPING=1", "STATUS=" + oneLine(status));
    }

    /** A free-text status line for {@code systemctl status}. */
    public boolean status(String status) {
        return send("STATUS=" + oneLine(status));
    }

    /** The command line that {@link #send} runs, for the given assignments. */
    List<String> commandLine(String... assignments) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command.map(Path::toString).orElse("systemd-notify"));
        cmd.add("--pid=" + pid);
        cmd.addAll(List.of(assignments));
        return cmd;
    }

    private boolean send(String... assignments) {
        if (command.isEmpty()) {
            return false;
        }
        List<String> cmd = commandLine(assignments);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("NOTIFY_SOCKET", socket);
            Process p = pb.start();
            p.getOutputStream().close();
            // Its output is a line or two at most, far below a pipe's buffer: wait first, read after.
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                LOG.info("systemd-notify {} timed out", String.join(" ", assignments));
                return false;
            }
            byte[] output = p.getInputStream().readAllBytes();
            if (p.exitValue() != 0) {
                LOG.info("systemd-notify {} failed (exit {}): {}", String.join(" ", assignments), p.exitValue(),
                        new String(output, StandardCharsets.UTF_8).strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.info("systemd-notify {} failed: {}", String.join(" ", assignments), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> locate(String path) {
        List<Path> candidates = new ArrayList<>(NOTIFY_LOCATIONS);
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "systemd-notify"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** sd_notify messages are newline-separated assignments: a status must stay on one line. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
