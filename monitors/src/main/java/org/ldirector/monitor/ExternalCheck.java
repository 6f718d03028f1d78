package org.ldirector.monitor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code checktype=external} (ldirectord's {@code _check_real}): runs {@code checkcommand} with the arguments
 * {@code <virtual address or fwmark> <virtual port> <real address> <real port>}, exec'd directly
 * (no shell, so the command is a path without arguments). Exit status 0 → UP; any other status, a
 * command that cannot be started, or one still running at the timeout → DOWN.
 *
 * <p>At the timeout the command and all its descendants get SIGTERM, and SIGKILL
 * {@value #KILL_GRACE_MILLIS} ms later if still alive. stdin is {@code /dev/null}, stderr is
 * discarded, stdout is read concurrently (so a chatty command never blocks on a full pipe) and its
 * first {@value #MAX_CAPTURED_STDOUT} bytes are kept in {@link Outcome#stdout()}, for checks that
 * match {@code receive} against it.
 *
 * <p>Addresses are passed through as given: {@link CheckTarget#virtualAddress()} as the caller
 * formatted it ({@code [2001:db8::1]} for IPv6, like ldirectord), the real as
 * {@link CheckTarget#hostForUrl()} (IPv6 in brackets).
 *
 * <p><b>Piranha/nanny compatibility (an extension).</b> A {@code checkcommand} that contains
 * {@code %h} or {@code %p} is a command line in the style of Piranha's {@code send_program}: it is
 * split on whitespace into the program and its arguments (still no shell), {@code %h} becomes the
 * real server's address (bare, IPv6 without brackets) and {@code %p} its check port, and nothing
 * else is appended. When {@code receive} is set, the command must also print something that
 * matches it (unanchored, on the captured stdout): {@code mysql_mon.sh %h} with
 * {@code receive="^UP$"} is nanny's {@code expect = "UP"}. Exit status 0 is still required (nanny
 * also needed it, but counted a failed command as available).
 */
public final class ExternalCheck implements Monitor {

    /** How much of the command's stdout is kept; the rest is read and dropped. */
    public static final int MAX_CAPTURED_STDOUT = 64 * 1024;
    static final long KILL_GRACE_MILLIS = 50;
    private static final long STDOUT_LINGER_MILLIS = 100;

    private static final File DEV_NULL = new File("/dev/null");

    /**
     * What running the command produced.
     *
     * @param kind            how it ended
     * @param exitStatus      the exit status when {@code kind == EXITED} (128+N when killed by signal N), else -1
     * @param stdout          up to {@link #MAX_CAPTURED_STDOUT} bytes of stdout, decoded as UTF-8
     * @param stdoutTruncated true when stdout was longer than what is kept
     * @param message         the monitorfile message: {@code -}, {@code exit status N}, {@code timed out after 5s}, ...
     */
    public record Outcome(Kind kind, int exitStatus, String stdout, boolean stdoutTruncated, String message) {

        public enum Kind { EXITED, TIMED_OUT, NOT_STARTED, INTERRUPTED }

        public Outcome {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(message, "message");
        }

        public boolean up() {
            return kind == Kind.EXITED && exitStatus == 0;
        }

        public CheckResult toCheckResult() {
            return new CheckResult(up(), message);
        }
    }

    private final String command;
    private final List<String> interpreter;
    /** The nanny-style argument template, or null for ldirectord's "path plus four arguments". */
    private final List<String> template;

    /**
     * @param command path of the executable ({@code checkcommand}), run without a shell; or a
     *                command line with {@code %h}/{@code %p} (see the class comment)
     */
    public ExternalCheck(String command) {
        this(List.of(), command);
    }

    /**
     * @param interpreter what runs {@code command} ({@code /usr/bin/perl} for external-perl checks);
     *                    empty to exec the command itself
     */
    ExternalCheck(List<String> interpreter, String command) {
        this.command = Objects.requireNonNull(command, "command");
        this.interpreter = List.copyOf(interpreter);
        if (command.isBlank()) {
            throw new IllegalArgumentException("empty check command");
        }
        this.template = interpreter.isEmpty() && (command.contains("%h") || command.contains("%p"))
                ? List.of(command.strip().split("\\s+"))
                : null;
    }

    /** What is exec'd: the interpreter, the template's program, or the command. */
    private String program() {
        return template != null ? template.getFirst() : interpreter.isEmpty() ? command : interpreter.getFirst();
    }

    /** True for a Piranha-style command line with {@code %h}/{@code %p}. */
    public boolean isTemplate() {
        return template != null;
    }

    public String command() {
        return command;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        String expected = ExternalOptions.of(target).receive();
        if (template == null || expected.isEmpty()) {
            return run(target, timeout).toCheckResult();
        }
        Receive compiled = Receive.of(expected);
        if (compiled.invalid() != null) {
            return compiled.invalid();
        }
        java.util.regex.Pattern receive = compiled.pattern();
        Outcome outcome = run(target, timeout);
        if (!outcome.up()) {
            return outcome.toCheckResult();
        }
        if (receive.matcher(outcome.stdout()).find()) {
            return CheckResult.up("-");
        }
        String shown = outcome.stdout().strip();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "...";
        }
        return CheckResult.down("output does not match receive: " + Failures.printable(shown));
    }

    /** Runs the command for {@code target}; like {@link #check}, but keeps the exit status and stdout. */
    public Outcome run(CheckTarget target, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (Thread.currentThread().isInterrupted()) {
            return new Outcome(Outcome.Kind.INTERRUPTED, -1, "", false, "interrupted");
        }
        ProcessBuilder builder = new ProcessBuilder(commandLine(target))
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new Outcome(Outcome.Kind.NOT_STARTED, -1, "", false,
                    "cannot run " + program() + ": " + reason(e));
        }
        StdoutCapture stdout = StdoutCapture.start(process.getInputStream());
        try {
            process.onExit().get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ProcessTree.terminate(process, Duration.ofMillis(KILL_GRACE_MILLIS));
            return new Outcome(Outcome.Kind.TIMED_OUT, -1, stdout.text(), stdout.truncated(),
                    "timed out after " + Deadline.format(timeout));
        } catch (InterruptedException e) {
            ProcessTree.terminate(process, Duration.ofMillis(KILL_GRACE_MILLIS));
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.INTERRUPTED, -1, stdout.text(), stdout.truncated(), "interrupted");
        } catch (ExecutionException e) {
            // onExit() never completes exceptionally; keep going with what the process says
        }
        int status = process.exitValue();
        // EOF follows the exit at once, unless something the command left running in the background
        // still holds the pipe: give that a moment, not the rest of the timeout.
        stdout.awaitEnd(Math.min(deadline.remainingNanos(), TimeUnit.MILLISECONDS.toNanos(STDOUT_LINGER_MILLIS)));
        return new Outcome(Outcome.Kind.EXITED, status, stdout.text(), stdout.truncated(),
                status == 0 ? "-" : "exit status " + status);
    }

    /**
     * {@code [interpreter] command VIP_or_fwmark vport rip rport}, as ldirectord's
     * {@code system_timeout} passes them; or the template with {@code %h}/{@code %p} replaced.
     */
    List<String> commandLine(CheckTarget target) {
        if (template != null) {
            String port = Integer.toString(target.port());
            return template.stream().map(arg -> arg.replace("%h", target.host()).replace("%p", port)).toList();
        }
        ExternalOptions options = ExternalOptions.of(target);
        List<String> line = new java.util.ArrayList<>(interpreter);
        line.addAll(List.of(command, options.virtualAddress(), options.virtualPort(), target.hostForUrl(),
                Integer.toString(target.port())));
        return line;
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Reads a process's stdout to its end on a virtual thread, keeping the first bytes. */
    private static final class StdoutCapture {
        private byte[] kept = new byte[1024];
        private final CompletableFuture<Void> end = new CompletableFuture<>();
        private int length;
        private boolean truncated;

        static StdoutCapture start(InputStream in) {
            StdoutCapture capture = new StdoutCapture();
            Thread.ofVirtual().name("ldirector-external-stdout").start(() -> capture.drain(in));
            return capture;
        }

        private void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    keep(chunk, n);
                }
            } catch (IOException e) {
                // the stream was closed under us (process gone): what we have is what there is
            } finally {
                end.complete(null);
            }
        }

        private synchronized void keep(byte[] chunk, int n) {
            if (length + n > kept.length && kept.length < MAX_CAPTURED_STDOUT) {
                kept = java.util.Arrays.copyOf(kept, Math.min(MAX_CAPTURED_STDOUT, Math.max(kept.length * 2, length + n)));
            }
            int room = kept.length - length;
            int copy = Math.min(room, n);
            System.arraycopy(chunk, 0, kept, length, copy);
            length += copy;
            truncated |= copy < n;
        }

        void awaitEnd(long nanos) {
            try {
                end.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // keep what arrived so far
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String text() {
            return new String(kept, 0, length, StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
