package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload that changes {@code logfile}: lines move from A to B, none lost, none twice. */
class ReconfigureTest extends LogTestSupport {

    @TempDir
    Path dir;

    @Test
    void linesBeforeTheReloadStayInAAndLinesAfterGoToB() {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        LogSetup.configure(new LogDestination.FileLog(a), "ldirectord.cf", SEPTEMBER_4);
        log.info("Reloading Linux Director Daemon config on signal");

        LogSetup.configure(new LogDestination.FileLog(b), "ldirectord.cf", SEPTEMBER_4);
        log.info("Added virtual server: 10.0.0.1:80");

        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord.cf|" + PID + "] ";
        assertThat(read(a)).isEqualTo(prefix + "Reloading Linux Director Daemon config on signal\n");
        assertThat(read(b)).isEqualTo(prefix + "Added virtual server: 10.0.0.1:80\n");
        assertThat(LogSetup.destination()).isEqualTo(new LogDestination.FileLog(b));
    }

    @Test
    void noLineIsLostOrDuplicatedWhileThreadsLogDuringTheReload() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        LogSetup.configure(new LogDestination.FileLog(a), "ldirectord", SEPTEMBER_4);
        int threads = 8;
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch allStarted = new CountDownLatch(threads);
        int[] written = new int[threads];

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    int i = 0;
                    // Keep writing until every thread has written a few lines after the reload too.
                    while (running.get() || i < 3) {
                        log.info("t{} line {}", thread, i++);
                        if (i == 3) {
                            allStarted.countDown();
                        }
                    }
                    written[thread] = i;
                }));
            }
            allStarted.await();
            LogSetup.configure(new LogDestination.FileLog(b), "ldirectord", SEPTEMBER_4);
            for (int t = 0; t < threads; t++) {
                log.info("main after reload {}", t);
            }
            running.set(false);
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        List<String> inA = lines(a);
        List<String> inB = lines(b);
        int total = 0;
        for (int t = 0; t < threads; t++) {
            List<Integer> aIdx = indexes(inA, "t" + t + " line ");
            List<Integer> bIdx = indexes(inB, "t" + t + " line ");
            List<Integer> all = new ArrayList<>(aIdx);
            all.addAll(bIdx);
            // Exactly once each, in order, and every line of a thread in A comes before its lines in B.
            assertThat(all).as("thread %d", t).hasSize(written[t]);
            for (int i = 0; i < written[t]; i++) {
                assertThat(all.get(i)).as("thread %d line %d", t, i).isEqualTo(i);
            }
            total += written[t];
        }
        assertThat(inA.size() + inB.size()).isEqualTo(total + threads);
        assertThat(inB).filteredOn(l -> l.contains("main after reload")).hasSize(threads);
        assertThat(inA).noneMatch(l -> l.contains("main after reload"));
    }

    @Test
    void reloadFromFileToDebugAndBack() {
        Path a = dir.resolve("a.log");
        LogSetup.configure(new LogDestination.FileLog(a), "ldirectord", SEPTEMBER_4);
        log.info("one");
        try (StdCapture stderr = StdCapture.stderr()) {
            LogSetup.configure(new LogDestination.Debug(), "ldirectord", SEPTEMBER_4);
            log.info("two");
            log.debug("three");
            LogSetup.configure(new LogDestination.FileLog(a), "ldirectord", SEPTEMBER_4);
            log.info("four");
            log.debug("five");
            assertThat(stderr.text()).isEqualTo("DEBUG2: two\ntwo\nDEBUG2: three\n");
        }
        String prefix = "[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] ";
        assertThat(read(a)).isEqualTo(prefix + "one\n" + prefix + "four\n");
    }

    private static List<Integer> indexes(List<String> lines, String marker) {
        return lines.stream()
                .filter(l -> l.contains("] " + marker))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(marker) + marker.length())))
                .toList();
    }
}
