package org.ldirector.failover;

import java.io.IOException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands, optionally behind a prefix such as {@code ip netns exec NAME}. */
final class Commands {

    /** Exit status and the merged stdout/stderr of a finished command. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final List<String> prefix;

    Commands(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    List<String> argv(List<String> command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        return argv;
    }

    /** Runs {@code command} and waits at most {@code timeout}; a command that overruns is killed. */
    Result run(List<String> command, Duration timeout) throws IOException {
        // Output goes to a file, not a pipe: a hung command must not block the reader past the timeout.
        Path out = Files.createTempFile("ldirector-cmd", ".out");
        try {
            Process p = new ProcessBuilder(argv(command)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + ": no exit within " + timeout.toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", command) + ": interrupted", e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Starts {@code command} without waiting for it (its output is discarded); killed after {@code limit}. */
    Process start(List<String> command, Duration limit) throws IOException {
        Process p = new ProcessBuilder(argv(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        p.onExit().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> {
            p.destroyForcibly();
            return p;
        });
        return p;
    }
}
