package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CheckTarget TARGET = CheckTarget.of("127.0.0.2", 8080, new ExternalOptions("10.0.0.1", "80", ""));

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void exitZeroIsUp() throws IOException {
        ExternalCheck check = new ExternalCheck(script("ok.sh", "exit 0").toString());

        assertThat(check.check(TARGET, TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void nonZeroExitIsDownWithExitStatus() throws IOException {
        ExternalCheck check = new ExternalCheck(script("fail.sh", "exit 3").toString());

        ExternalCheck.Outcome outcome = check.run(TARGET, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(ExternalCheck.Outcome.Kind.EXITED);
        assertThat(outcome.exitStatus()).isEqualTo(3);
        assertThat(outcome.toCheckResult()).isEqualTo(CheckResult.down("exit status 3"));
    }

    @Test
    void argumentsAreVirtualAddressVirtualPortRealAddressRealPort() throws IOException {
        ExternalCheck check = new ExternalCheck(script("args.sh", "printf '%s\\n' \"$#\" \"$@\"").toString());

        ExternalCheck.Outcome outcome = check.run(TARGET, TIMEOUT);

        assertThat(outcome.up()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("4\n10.0.0.1\n80\n127.0.0.2\n8080\n");
    }

    @Test
    void ipv6AddressesArePassedWithBrackets() throws IOException {
        ExternalCheck check = new ExternalCheck(script("args6.sh", "printf '%s\\n' \"$@\"").toString());
        CheckTarget target = CheckTarget.of("2001:db8::2", 443, new ExternalOptions("[2001:db8::1]", "443", ""));

        assertThat(check.run(target, TIMEOUT).stdout()).isEqualTo("[2001:db8::1]\n443\n[2001:db8::2]\n443\n");
    }

    @Test
    void fwmarkVirtualIsPassedAsMarkAndPortZero() throws IOException {
        ExternalCheck check = new ExternalCheck(script("fwm.sh", "echo \"$@\"").toString());
        CheckTarget target = CheckTarget.of("127.0.0.2", 0, new ExternalOptions("7", "0", ""));

        assertThat(check.run(target, TIMEOUT).stdout()).isEqualTo("7 0 127.0.0.2 0\n");
    }

    @Test
    void commandIsRunWithoutShell() throws IOException {
        Path marker = dir.resolve("marker");
        ExternalCheck check = new ExternalCheck(script("x.sh", "exit 0") + " ; touch " + marker);

        CheckResult result = check.check(TARGET, TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("cannot run ");
        assertThat(marker).doesNotExist();
    }

    @Test
    void missingCommandIsDownWithReason() {
        ExternalCheck.Outcome outcome = new ExternalCheck(dir.resolve("absent").toString()).run(TARGET, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(ExternalCheck.Outcome.Kind.NOT_STARTED);
        assertThat(outcome.message()).startsWith("cannot run " + dir.resolve("absent")).contains("No such file");
    }

    @Test
    void nonExecutableCommandIsDown() throws IOException {
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "exit 0\n");

        CheckResult result = new ExternalCheck(file.toString()).check(TARGET, TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("Permission denied");
    }

    @Test
    void commandRunningPastTimeoutIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        ExternalCheck check = new ExternalCheck(script("slow.sh",
                "sleep 60 &\necho $$ $! > " + pids + ".tmp\nmv " + pids + ".tmp " + pids + "\nwait").toString());
        Duration timeout = Duration.ofMillis(700);
        long start = System.nanoTime();

        ExternalCheck.Outcome outcome = check.run(TARGET, timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(outcome.kind()).isEqualTo(ExternalCheck.Outcome.Kind.TIMED_OUT);
        assertThat(outcome.message()).isEqualTo("timed out after 700ms");
        for (String pid : Files.readString(pids).strip().split(" ")) {
            Processes.assertGone(Long.parseLong(pid));
        }
    }

    @Test
    void commandIgnoringSigtermIsKilled() throws Exception {
        Path pids = dir.resolve("pids");
        ExternalCheck check = new ExternalCheck(script("stubborn.sh",
                "trap '' TERM\nsleep 60 &\necho $$ $! > " + pids + ".tmp\nmv " + pids + ".tmp " + pids + "\nwait")
                .toString());
        Duration timeout = Duration.ofMillis(500);
        long start = System.nanoTime();

        ExternalCheck.Outcome outcome = check.run(TARGET, timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(outcome.kind()).isEqualTo(ExternalCheck.Outcome.Kind.TIMED_OUT);
        for (String pid : Files.readString(pids).strip().split(" ")) {
            Processes.assertGone(Long.parseLong(pid));
        }
    }

    @Test
    void chattyCommandDoesNotBlockAndItsOutputIsCapped() throws IOException {
        ExternalCheck check = new ExternalCheck(script("chatty.sh",
                "head -c 5000000 /dev/zero | tr '\\0' x\nhead -c 5000000 /dev/zero | tr '\\0' y >&2\nexit 0").toString());
        long start = System.nanoTime();

        ExternalCheck.Outcome outcome = check.run(TARGET, TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.stdoutTruncated()).isTrue();
        assertThat(outcome.stdout()).hasSize(ExternalCheck.MAX_CAPTURED_STDOUT).matches("x+");
    }

    @Test
    void backgroundChildHoldingStdoutDoesNotDelayTheResult() throws IOException {
        ExternalCheck check = new ExternalCheck(script("daemonish.sh", "sleep 3 &\necho up\nexit 0").toString());
        long start = System.nanoTime();

        ExternalCheck.Outcome outcome = check.run(TARGET, TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(outcome.up()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("up\n");
    }

    @Test
    void interruptedCheckKillsCommandAndReturnsPromptly() throws Exception {
        Path pidFile = dir.resolve("pid");
        ExternalCheck check = new ExternalCheck(script("long.sh",
                "echo $$ > " + pidFile + ".tmp\nmv " + pidFile + ".tmp " + pidFile + "\nexec sleep 60").toString());
        AtomicReference<ExternalCheck.Outcome> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread checker = Thread.ofVirtual().start(() -> {
            outcome.set(check.run(TARGET, Duration.ofSeconds(30)));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        Processes.awaitFile(pidFile);

        checker.interrupt();

        assertThat(checker.join(Duration.ofSeconds(1))).as("returned within 1 s of the interrupt").isTrue();
        assertThat(outcome.get().kind()).isEqualTo(ExternalCheck.Outcome.Kind.INTERRUPTED);
        assertThat(stillInterrupted).isTrue();
        Processes.assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void manyConcurrentChecksLeaveNoProcessBehind() throws Exception {
        ExternalCheck check = new ExternalCheck(script("quick.sh", "echo up").toString());
        var threads = new java.util.ArrayList<Thread>();
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 50; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                if (!check.run(TARGET, TIMEOUT).stdout().equals("up\n")) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).hasValue(0);
        assertThat(ProcessHandle.current().children().count()).isZero();
    }
}
