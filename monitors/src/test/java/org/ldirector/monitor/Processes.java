package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at processes through /proc, the way an operator would with ps. */
final class Processes {

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

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
    }
}
