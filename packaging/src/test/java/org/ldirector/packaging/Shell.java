package org.ldirector.packaging;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command and collects its exit code and output. Output goes through files, not pipes: a
 * daemon the command leaves behind must not keep the test waiting for an end of file.
 */
final class Shell {

    /** What a command did. */
    record Result(List<String> command, int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private final Map<String, String> env;

    Shell(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Shell() {
        this(Map.of());
    }

    /** The same shell with more environment variables. */
    Shell with(Map<String, String> more) {
        Map<String, String> m = new HashMap<>(env);
        m.putAll(more);
        return new Shell(m);
    }

    Result run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    Result run(List<String> command) {
        return run(DEFAULT_TIMEOUT, command);
    }

    Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("ldirector-it", ".out");
            Path err = Files.createTempFile("ldirector-it", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(new File("/"))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().put("LC_ALL", "C.UTF-8");
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                String path = pb.environment().getOrDefault("PATH", "");
                pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" + (path.isEmpty() ? "" : ":" + path));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                            + "\n" + Files.readString(out) + Files.readString(err));
                }
                return new Result(new ArrayList<>(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs and fails the test unless the exit code is 0. */
    Result ok(String... command) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new AssertionError("command failed: " + r);
        }
        return r;
    }

    static boolean onPath(String program) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
