package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /var/log/ldirectord.log { missingok }}: logrotate moves the file away and sends no signal. */
class LogrotateTest extends LogTestSupport {

    @TempDir
    Path dir;

    @Test
    void lineAfterTheFileWasMovedAwayGoesToANewFileAtTheConfiguredPath() throws Exception {
        Path file = dir.resolve("ldirectord.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        log.info("before rotation");
        Files.move(file, dir.resolve("ldirectord.log.1"));
        log.info("after rotation");

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        assertThat(read(dir.resolve("ldirectord.log.1"))).isEqualTo(prefix + "before rotation\n");
        assertThat(read(file)).isEqualTo(prefix + "after rotation\n");
    }

    @Test
    void lineAfterTheFileWasDeletedRecreatesIt() throws Exception {
        Path file = dir.resolve("ldirectord.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);

        log.info("one");
        Files.delete(file);
        log.info("two");

        assertThat(lines(file)).containsExactly("[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] two");
    }

    @Test
    void everyLineIsWrittenExactlyOnceWhileManyThreadsLogAndTheFileIsMovedRepeatedly() throws Exception {
        Path file = dir.resolve("ldirectord.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);
        int threads = 16;
        int perThread = 400;
        CountDownLatch firstLine = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);

        int moves = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.info("Soft failure real server: 10.0.{}.{}:80 (tcp:10.0.0.1:80) failure 1/3", thread, i);
                        firstLine.countDown();
                    }
                }));
            }
            Future<?> done = pool.submit(() -> {
                for (Future<?> writer : writers) {
                    writer.get();
                }
                writing.set(false);
                return null;
            });
            firstLine.await();
            while (writing.get()) {
                if (Files.exists(file)) {
                    Files.move(file, dir.resolve("ldirectord.log." + ++moves));
                }
                Thread.onSpinWait();
            }
            done.get();
        }

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        Map<String, Integer> seen = new HashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        for (Path f : files) {
            for (String line : lines(f)) {
                assertThat(line).startsWith(prefix);
                seen.merge(line.substring(prefix.length()), 1, Integer::sum);
            }
        }
        assertThat(moves).as("rotations while writing").isGreaterThan(1);
        assertThat(files).hasSizeGreaterThan(2);
        assertThat(seen).hasSize(threads * perThread);
        assertThat(seen.values()).containsOnly(1);
        assertThat(seen).containsKey("Soft failure real server: 10.0.15.399:80 (tcp:10.0.0.1:80) failure 1/3");
    }
}
