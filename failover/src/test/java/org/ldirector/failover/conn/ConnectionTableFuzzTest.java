package org.ldirector.failover.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any {@code /proc/net/ip_vs_conn} content gives entries or an {@link IOException} naming the file and line; any
 * single line parses or is skipped: never another exception. (That an endless line costs bounded memory is
 * {@link ConnectionTableReaderTest}'s: a fuzzer's inputs are too short for it.) Without {@code JAZZER_FUZZ=1} this
 * replays {@code ConnectionTableFuzzTestInputs/}.
 */
class ConnectionTableFuzzTest {

    private static Path file;

    @BeforeAll
    static void makeFile() throws IOException {
        file = Files.createTempFile("ip_vs_conn", "");
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.delete(file);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void table(byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] entries = {0};
        try {
            ConnectionTableReader.forEach(c -> entries[0]++, file);
            assertThat(entries[0]).isLessThanOrEqualTo(content.length / 9);
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
        }
        for (String line : new String(content, StandardCharsets.ISO_8859_1).split("\n", 64)) {
            ConnectionTableReader.parse(line).ifPresent(c -> assertThat(c.protocol()).isNotEmpty());
        }
    }
}
