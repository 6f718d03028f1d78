package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any ha.cf, haresources or authkeys is read or refused with a {@link HeartbeatFileException} whose message starts
 * with the file's name (and, where it names a line, a line of that file): never another exception. Without
 * {@code JAZZER_FUZZ=1} this replays {@code HeartbeatFilesFuzzTestInputs/<method>/}; bench/fuzz.sh fuzzes it.
 */
class HeartbeatFilesFuzzTest {

    private static final Pattern AT_LINE = Pattern.compile("^:(\\d+): ");

    private static Path dir;

    @BeforeAll
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("hb-fuzz");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** One of the readers: the file in, its model or a refusal out. */
    @FunctionalInterface
    private interface Reader {
        Object read(Path file) throws HeartbeatFileException;
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void haCf(byte[] content) {
        readOrRefused("ha.cf", content, HaCfReader::read);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void haResources(byte[] content) {
        readOrRefused("haresources", content, HaResourcesReader::read);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void authKeys(byte[] content) {
        readOrRefused("authkeys", content, AuthKeysReader::read);
    }

    private static void readOrRefused(String name, byte[] content, Reader reader) {
        Path f = write(name, content);
        try {
            assertThat(reader.read(f)).isNotNull();
        } catch (HeartbeatFileException e) {
            namesFileAndLine(e, f, content);
        }
    }

    private static void namesFileAndLine(HeartbeatFileException e, Path f, byte[] content) {
        assertThat(e.getMessage()).startsWith(f.toString());
        Matcher m = AT_LINE.matcher(e.getMessage().substring(f.toString().length()));
        if (m.find()) {
            long lines = 1;
            for (byte b : content) {
                lines += b == '\n' || b == '\r' ? 1 : 0;
            }
            assertThat(Long.parseLong(m.group(1))).as(e.getMessage()).isBetween(1L, lines);
        }
    }

    private static Path write(String name, byte[] content) {
        Path f = dir.resolve(name);
        try {
            Files.write(f, content);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}
