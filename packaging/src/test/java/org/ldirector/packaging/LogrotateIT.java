package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.log.LogDestination;
import org.ldirector.director.log.LogSetup;

/**
 * The shipped logrotate snippet with the real logrotate(8), while the daemon's file log writes as fast
 * as it can: every line ends up in exactly one file, and nothing had to be signalled or restarted.
 */
class LogrotateIT {

    private static final Pattern LINE = Pattern.compile("^\\[[^|]+\\|logrotate-test\\|\\d+] line (\\d+)$");

    @AfterEach
    void restoreLogging() {
        LogSetup.shutdown();
    }

    @Test
    void rotatingUnderLoadLosesNoLineAndNeedsNoSignal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Shell.onPath("logrotate"), "logrotate (Debian package logrotate)");
        Path log = dir.resolve("ldirectord.log");
        String snippet = Files.readString(Path.of("src/deb/etc/logrotate.d/ldirectord"));
        assertThat(snippet).contains("/var/log/ldirectord.log {", "\tmissingok\n", "\tnotifempty\n", "\tdelaycompress\n")
                .doesNotContainPattern("(?m)^\\s*(copytruncate|postrotate)");
        // The shipped snippet, pointed at our file, keeping every rotation for the count.
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, snippet.replace("/var/log/ldirectord.log", log.toString()).replace("rotate 8", "rotate 1000"));

        LogSetup.configure(new LogDestination.FileLog(log), "logrotate-test");
        Logger logger = LogManager.getLogger(LogSetup.LOGGER_NAME);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            while (writing.get()) {
                logger.info("line {}", written.getAndIncrement());
            }
        });
        Shell shell = new Shell();
        try {
            for (int i = 0; i < 15; i++) {
                Thread.sleep(40);
                Shell.Result r = shell.run("logrotate", "-f", "-s", dir.resolve("state").toString(), conf.toString());
                assertThat(r.exit()).as("%s", r).isZero();
            }
        } finally {
            writing.set(false);
            writer.join();
        }

        Map<Integer, Integer> seen = new HashMap<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path f : all.filter(p -> p.getFileName().toString().startsWith("ldirectord.log")).toList()) {
                files.add(f.getFileName().toString());
                for (String line : read(f).lines().toList()) {
                    Matcher m = LINE.matcher(line);
                    assertThat(m.matches()).as("a whole line in %s: %s", f, line).isTrue();
                    seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            }
        }
        assertThat(files).as("rotated files").hasSizeGreaterThan(10).anyMatch(f -> f.endsWith(".gz"));
        int total = written.get();
        assertThat(total).isGreaterThan(1000);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (!seen.containsKey(i)) {
                missing.add(i);
            }
        }
        assertThat(missing).as("lines lost by rotation (of %d)", total).isEmpty();
        assertThat(seen.values()).as("each line once").allMatch(n -> n == 1);
    }

    private static String read(Path f) throws IOException {
        try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
