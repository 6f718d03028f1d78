package org.ldirector.director.ipvs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of ipvsadm with a deadline: stdin is written and stdout/stderr are read on their own
 * (virtual) threads so that a full pipe cannot block us, and a run that outlives the deadline is
 * killed with its children. {@code LC_ALL=C} keeps strerror() texts in English.
 */
final class IpvsadmProcess {

    record Result(String command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private IpvsadmProcess() {
    }

    static Result run(Path executable, List<String> args, String stdin, Duration timeout, Map<String, String> env)
            throws IpvsException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        String shown = "ipvsadm " + String.join(" ", args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C");
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IpvsException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        if (stdin != null) {
            Thread.ofVirtual().start(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // ipvsadm exited (or stopped reading) early; its exit status and stderr tell why
                }
            });
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new IpvsException(shown + " did not finish within " + timeout.toMillis()
                        + " ms and was killed" + detail(err.text(Duration.ofMillis(200))));
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IpvsException(shown + " was interrupted and killed", e);
        }
        // a child of ipvsadm could keep the pipes open; do not wait for it for long
        return new Result(shown, p.exitValue(), out.text(Duration.ofSeconds(2)), err.text(Duration.ofSeconds(2)));
    }

    private static String detail(String stderr) {
        String s = oneLine(stderr);
        return s.isEmpty() ? "" : ": " + s;
    }

    /** stderr as one log-friendly line: trimmed, line breaks as "; ". */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects a stream on a virtual thread; {@link #text} returns what arrived, waiting a bounded time for the end. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in) {
            thread = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed or closed the pipe
                }
            });
        }

        String text(Duration wait) {
            try {
                thread.join(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
