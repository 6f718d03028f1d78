package org.ldirector.realipvs.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The guest-side Java programs' findings in the scenario's results directory, in the layout
 * guest/lib.sh writes ({@code PASS:}/{@code FAIL:} lines, {@code key=value} measurements), and the
 * ipvsadm runs they need besides the backends ({@code -C}, {@code -L --daemon}).
 */
final class GuestReport {

    private final Path results;
    private int failures;

    GuestReport(Path results) {
        this.results = results;
    }

    void check(String what, boolean ok) {
        line("assertions.log", (ok ? "PASS: " : "FAIL: ") + what);
        if (!ok) {
            failures++;
        }
    }

    void checkEqual(String what, Object expected, Object actual) {
        check(what, expected.equals(actual));
        if (!expected.equals(actual)) {
            line("details.log", "FAIL: " + what + "\n  expected: " + expected + "\n  actual:   " + actual);
        }
    }

    void measure(String key, String value) {
        line("measurements.properties", key + "=" + value);
    }

    void note(String text) {
        line("details.log", text);
    }

    int failures() {
        return failures;
    }

    private void line(String file, String text) {
        System.out.println(text);
        try {
            Files.writeString(results.resolve(file), text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + results.resolve(file), e);
        }
    }

    /** Runs {@code ipvsadm args} and returns its stdout; fails on a non-zero exit. */
    static String ipvsadm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ipvsadm"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
