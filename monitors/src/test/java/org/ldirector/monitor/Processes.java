package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at processes through /proc, the way an operator would with ps. */
public final class Processes {

    private Processes() {
    }

    /**
     * The state letter from /proc/PID/stat ({@code R}, {@code S}, {@code Z} for a zombie, ...), or
     * {@code null} once the process is gone (exited and reaped).
     */
    static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits (up to 2 s, for the reaper) until {@code pid} has exited and been reaped: not running, not a zombie. */
    static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (state(pid) != null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(state(pid)).as("state of process %d (null = gone)", pid).isNull();
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to {@code pid} with kill(1). */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(kill.waitFor()).as("kill -%s %d: %s", signal, pid, output).isZero();
    }

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
    }
}
