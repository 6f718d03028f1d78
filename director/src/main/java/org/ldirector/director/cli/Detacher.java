package org.ldirector.director.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code start} without {@code -d}: runs this very command line again as a detached daemon
 * (a new session via setsid(1), stdio on /dev/null, so the process command line is identical:
 * {@code java ... Main /usr/sbin/ldirectord <cfg> start}) and waits until the daemon has written
 * its pid file, or has died. ldirectord forks twice; a JVM cannot fork.
 */
final class Detacher {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("ldirector.startTimeout", 60));

    private Detacher() {
    }

    /**
     * This JVM's argv, from /proc/self/cmdline (ProcessHandle.Info drops the arguments when the
     * command line is long, e.g. with a long class path), else from ProcessHandle.Info.
     */
    static List<String> ownCommandLine() {
        try {
            List<String> args = new ArrayList<>(ProcessArgv.read(Path.of("/proc/self/cmdline")));
            if (!args.isEmpty()) {
                // argv[0] may be a relative "java"; the executable itself is unambiguous.
                ProcessHandle.current().info().command().ifPresent(c -> args.set(0, c));
                return args;
            }
        } catch (java.io.IOException e) {
            // not Linux: fall through
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        args.add(info.command().get());
        args.addAll(List.of(info.arguments().get()));
        return args;
    }

    static boolean spawnAndWait(PidFile pidFile, PrintStream err) {
        List<String> self = ownCommandLine();
        if (self.isEmpty()) {
            err.println("ldirectord: cannot find this process's command line to start the daemon");
            return false;
        }
        List<String> cmd = new ArrayList<>();
        String setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "setsid";
        cmd.add(setsid);
        cmd.addAll(self);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(Main.DETACHED_ENV, "1");
        pb.environment().remove("NOTIFY_SOCKET"); // a detached daemon is not the service's main process
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            err.println("ldirectord: cannot start the daemon: " + e.getMessage());
            return false;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            // setsid(1) forks when it is a process group leader; the daemon is then its child.
            if (pidFile.read() instanceof PidFile.Running r
                    && (r.pid() == p.pid() || p.descendants().anyMatch(d -> d.pid() == r.pid()) || !p.isAlive())) {
                return true;
            }
            if (!p.isAlive() && p.exitValue() != 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
