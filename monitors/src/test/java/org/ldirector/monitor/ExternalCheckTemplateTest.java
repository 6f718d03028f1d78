package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piranha/nanny-style {@code checkcommand} lines with {@code %h}/{@code %p} (an extension of {@link ExternalCheck}). */
class ExternalCheckTemplateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CheckTarget TARGET = CheckTarget.of("127.0.0.2", 3306, new ExternalOptions("10.0.0.1", "3306", ""));

    private static CheckTarget receiving(String receive) {
        return CheckTarget.of("127.0.0.2", 3306, new ExternalOptions("10.0.0.1", "3306", receive));
    }

    @TempDir
    Path dir;

    /** Like the seed users' {@code mysql_mon.sh %h}: prints UP or DOWN, exits 0 either way. */
    private Path monitor(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void percentHAndPercentPBecomeRealAddressAndPortAndNothingIsAppended() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("args.sh", "printf '%s\\n' \"$#\" \"$@\"") + " -h %h --port=%p");

        ExternalCheck.Outcome outcome = check.run(TARGET, TIMEOUT);

        assertThat(check.isTemplate()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("3\n-h\n127.0.0.2\n--port=3306\n");
    }

    @Test
    void ipv6RealIsPassedWithoutBrackets() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("args6.sh", "echo \"$1\"") + " %h");

        assertThat(check.run(CheckTarget.of("2001:db8::2", 3306), TIMEOUT).stdout()).isEqualTo("2001:db8::2\n");
    }

    @Test
    void outputMatchingReceiveIsUp() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("mysql_mon.sh", "echo UP") + " %h");

        assertThat(check.check(receiving("^UP$"), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void outputNotMatchingReceiveIsDownEvenWithExitZero() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("mysql_mon.sh", "echo DOWN") + " %h");

        assertThat(check.check(receiving("^UP$"), TIMEOUT))
                .isEqualTo(CheckResult.down("output does not match receive: DOWN"));
    }

    @Test
    void nonZeroExitIsDownEvenWhenTheOutputMatches() throws IOException {
        // nanny counted a failed command as available; we do not.
        ExternalCheck check = new ExternalCheck(monitor("broken.sh", "echo UP; exit 2") + " %h");

        assertThat(check.check(receiving("UP"), TIMEOUT)).isEqualTo(CheckResult.down("exit status 2"));
    }

    @Test
    void withoutReceiveTheExitStatusDecides() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("ok.sh", "echo whatever") + " %h %p");

        assertThat(check.check(TARGET, TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void commandWithoutPlaceholdersKeepsLdirectordsRulesAndIgnoresReceive() throws IOException {
        ExternalCheck check = new ExternalCheck(monitor("plain.sh", "echo DOWN; exit 0").toString());

        assertThat(check.isTemplate()).isFalse();
        assertThat(check.check(receiving("^UP$"), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void templateIsRunWithoutShell() throws IOException {
        Path marker = dir.resolve("marker");
        ExternalCheck check = new ExternalCheck(monitor("x.sh", "echo \"$@\"") + " %h ; touch " + marker);

        assertThat(check.run(TARGET, TIMEOUT).stdout()).isEqualTo("127.0.0.2 ; touch " + marker + "\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void missingProgramIsDownNamingIt() {
        CheckResult result = new ExternalCheck(dir.resolve("absent.sh") + " %h").check(TARGET, TIMEOUT);

        assertThat(result.message()).startsWith("cannot run " + dir.resolve("absent.sh") + ":");
    }

    @Test
    void invalidReceiveRegexIsDownWithoutRunning() throws IOException {
        Path marker = dir.resolve("ran");
        ExternalCheck check = new ExternalCheck(monitor("touch.sh", "touch " + marker) + " %h");

        CheckResult result = check.check(receiving("(UP"), TIMEOUT);

        assertThat(result.message()).startsWith("invalid receive regex");
        assertThat(marker).doesNotExist();
    }
}
