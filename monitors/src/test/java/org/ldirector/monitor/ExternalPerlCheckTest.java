package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code checktype=external-perl}: scripts run by the system's {@code /usr/bin/perl}. */
class ExternalPerlCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CheckTarget TARGET = CheckTarget.of("127.0.0.2", 8080, new ExternalOptions("10.0.0.1", "80", ""));

    @TempDir
    Path dir;

    private ExternalPerlCheck script(String body) throws IOException {
        Path file = dir.resolve("check.pl");
        Files.writeString(file, body + "\n"); // not executable: perl reads it
        return new ExternalPerlCheck(file.toString());
    }

    @Test
    void scriptEndingWithoutExitIsUp() throws IOException {
        assertThat(script("my $x = 1;").check(TARGET, TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void exitZeroIsUp() throws IOException {
        assertThat(script("exit 0;").check(TARGET, TIMEOUT).up()).isTrue();
    }

    @Test
    void exitNonZeroIsDown() throws IOException {
        assertThat(script("exit 3;").check(TARGET, TIMEOUT)).isEqualTo(CheckResult.down("exit status 3"));
    }

    @Test
    void dieIsDown() throws IOException {
        assertThat(script("die \"backend broken\\n\";").check(TARGET, TIMEOUT))
                .isEqualTo(CheckResult.down("exit status 255"));
    }

    @Test
    void argvIsVirtualAddressVirtualPortRealAddressRealPort() throws IOException {
        ExternalCheck.Outcome outcome = script("print join(\",\", scalar(@ARGV), @ARGV), \"\\n\";").run(TARGET, TIMEOUT);

        assertThat(outcome.stdout()).isEqualTo("4,10.0.0.1,80,127.0.0.2,8080\n");
    }

    @Test
    void scriptRunningPastTimeoutIsKilled() throws IOException {
        Duration timeout = Duration.ofMillis(500);
        long start = System.nanoTime();

        CheckResult result = script("sleep 30;").check(TARGET, timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(500));
        assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
    }

    @Test
    void syntaxErrorIsDown() throws IOException {
        assertThat(script("this is { not perl").check(TARGET, TIMEOUT).up()).isFalse();
    }

    @Test
    void missingScriptIsDown() {
        assertThat(new ExternalPerlCheck(dir.resolve("absent.pl").toString()).check(TARGET, TIMEOUT).up()).isFalse();
    }

    @Test
    void missingPerlIsDownNamingIt() {
        ExternalPerlCheck check = new ExternalPerlCheck(dir.resolve("no-perl").toString(), "/dev/null");

        assertThat(check.check(TARGET, TIMEOUT).message()).startsWith("cannot run " + dir.resolve("no-perl") + ":");
    }
}
