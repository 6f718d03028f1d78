package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogTest extends LogTestSupport {

    @TempDir
    Path dir;

    @Test
    void writesTheLdirectordPrefixWithCtimeCfgnameAndPid() {
        Path file = dir.resolve("ldirectord.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord.cf", SEPTEMBER_4);

        log.info("Added virtual server: 10.0.0.1:80");

        assertThat(read(file)).isEqualTo(
                "[Fri Sep  4 07:08:09 2026|ldirectord.cf|" + PID + "] Added virtual server: 10.0.0.1:80\n");
    }

    @Test
    void keepsTheEnglishPrefixWhateverTheDefaultLocale() {
        Path file = dir.resolve("ldirectord.log");
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRANCE);
            LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);
            log.info("Starting Linux Director v1.186-ha as daemon");
        } finally {
            Locale.setDefault(original);
        }
        assertThat(read(file)).isEqualTo("[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID
                + "] Starting Linux Director v1.186-ha as daemon\n");
    }

    @Test
    void warnAndErrorAreWrittenLikeInfoAndDebugIsNotWritten() {
        Path file = dir.resolve("ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        log.warn("one");
        log.debug("not in the file");
        log.trace("not in the file either");
        log.error("two");

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        assertThat(read(file)).isEqualTo(prefix + "one\n" + prefix + "two\n");
        assertThat(log.isDebugEnabled()).isFalse();
    }

    @Test
    void chompsOneTrailingNewlineLikePerl() {
        Path file = dir.resolve("ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        log.info(" - ignore new configuration\n");
        log.info("Unknown command foo\n ");

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        assertThat(read(file)).isEqualTo(prefix + " - ignore new configuration\n"
                + prefix + "Unknown command foo\n \n");
    }

    @Test
    void otherLoggersReachTheSameFileFromWarnUp() {
        Path file = dir.resolve("ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        LogManager.getLogger("org.jgroups.protocols.FD_ALL3").info("chatty");
        LogManager.getLogger("org.jgroups.protocols.FD_ALL3").warn("suspected node2");
        log.error("cannot run", new IOException("boom"));

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        assertThat(read(file)).isEqualTo(prefix + "suspected node2\n"
                + prefix + "cannot run: java.io.IOException: boom\n");
    }

    @Test
    void unwritablePathSendsTheBareMessageToStderrWithoutAnException() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        LogSetup.configure(new LogDestination.FileLog(notADirectory.resolve("ld.log")), "ldirectord", SEPTEMBER_4);

        try (StdCapture stderr = StdCapture.stderr()) {
            log.info("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
            assertThat(stderr.text()).isEqualTo("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)\n");
        }
    }

    @Test
    void fileComesBackOnceItsDirectoryExists() throws IOException {
        Path file = dir.resolve("later/ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        try (StdCapture stderr = StdCapture.stderr()) {
            log.info("first");
            Files.createDirectory(dir.resolve("later"));
            log.info("second");
            assertThat(stderr.text()).isEqualTo("first\n");
        }
        assertThat(read(file)).isEqualTo("[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] second\n");
    }

    @Test
    void canOpenCreatesTheFileLikeLdOpenlogAndFailsOnABadPath() throws IOException {
        Path file = dir.resolve("new.log");
        assertThat(LogSetup.canOpen(new LogDestination.FileLog(file))).isTrue();
        assertThat(file).exists().isEmptyFile();

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(LogSetup.canOpen(new LogDestination.FileLog(notADirectory.resolve("ld.log")))).isFalse();
        assertThat(LogSetup.canOpen(new LogDestination.Syslog("local0"))).isTrue();
    }

    @Test
    void secretsAreMaskedInTheFileAndInTheStderrFallback() throws IOException {
        Secrets.register("Pa55w0rd");
        Path file = dir.resolve("ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        log.info("mysql check as root/{} failed", "Pa55w0rd");

        assertThat(read(file)).endsWith("] mysql check as root/******** failed\n").doesNotContain("Pa55w0rd");

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        LogSetup.configure(new LogDestination.FileLog(notADirectory.resolve("x.log")), "ldirectord", SEPTEMBER_4);
        try (StdCapture stderr = StdCapture.stderr()) {
            log.info("passwd=Pa55w0rd");
            assertThat(stderr.text()).isEqualTo("passwd=********\n");
        }
    }

    @Test
    void costPerLine() {
        Path file = dir.resolve("bench.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord.cf", Clock.systemDefaultZone());
        for (int i = 0; i < 3_000; i++) {
            log.info("Added real server: 10.0.0.{}:80 (10.0.0.1:80) (Weight set to 1)", i % 250);
        }
        int n = 20_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            log.info("Added real server: 10.0.0.{}:80 (10.0.0.1:80) (Weight set to 1)", i % 250);
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / n;
        System.out.printf(Locale.ROOT, "file destination: %.1f µs per line (open, append, close)%n", micros);

        assertThat(lines(file)).hasSize(23_000);
        assertThat(micros).isLessThan(1_000);
    }
}
