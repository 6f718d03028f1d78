package org.ldirector.failover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short commands ({@code ip}, {@code ping}, {@code kill}) and returns their exit status and output. Shared
 * with the director's tests through this module's test-jar.
 */
public final class Sh {

    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Sh() {
    }

    public static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static Result run(String... cmd) throws IOException {
        return run(List.of(cmd));
    }

    /** Runs {@code cmd}; a non-zero exit is an exception naming the command and its output. */
    public static String ok(String... cmd) throws IOException {
        Result r = run(cmd);
        if (!r.ok()) {
            throw new IOException(String.join(" ", cmd) + " (exit " + r.exit() + "): " + r.output().strip());
        }
        return r.output();
    }

    public static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException e) {
            // best effort (cleanup)
        }
    }

    /** Whether this process runs as root. */
    public static boolean isRoot() {
        try {
            return run("id", "-u").output().strip().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether tests can build links from network namespaces here (root, iproute2, ip netns). */
    public static boolean namespacesAvailable() {
        try {
            return isRoot() && run("ip", "netns", "list").ok();
        } catch (IOException e) {
            return false;
        }
    }
}
