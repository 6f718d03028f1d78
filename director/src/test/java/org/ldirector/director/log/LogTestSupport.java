package org.ldirector.director.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;

/** Shared by the log tests: the daemon's logger, a fixed clock, and a clean log4j state after each test. */
abstract class LogTestSupport {

    /** Friday 4 September 2026, 07:08:09 in Berlin (CEST): a September date with a one-digit day. */
    static final Clock SEPTEMBER_4 = Clock.fixed(Instant.parse("2026-09-04T05:08:09Z"), ZoneId.of("Europe/Berlin"));
    static final String SEPTEMBER_4_CTIME = "Fri Sep  4 07:08:09 2026";

    static final long PID = ProcessHandle.current().pid();

    final Logger log = LogManager.getLogger("ldirectord");

    @AfterEach
    void restoreLog4jAndSecrets() {
        LoggerContext.getContext(false).reconfigure();
        Secrets.clear();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        return Files.exists(file) ? read(file).lines().toList() : List.of();
    }
}
