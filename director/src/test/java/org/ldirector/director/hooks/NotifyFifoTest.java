package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.alert.LogLines;

/** {@code notifyfifo} on a real FIFO ({@code mkfifo}) with real readers that come and go. */
class NotifyFifoTest {

    @RegisterExtension
    final LogLines log = new LogLines();

    @TempDir
    Path dir;

    private NotifyFifo fifo;

    @AfterEach
    void tearDown() {
        if (fifo != null) {
            fifo.close();
        }
    }

    private Path mkfifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).as("mkfifo").isTrue();
        return p;
    }

    /** A reader on its own thread (opening a FIFO for reading waits for a writer): its first {@code n} lines. */
    private static CompletableFuture<String> read(Path fifoPath, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new FileReader(fifoPath.toFile()))) {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    s.append(r.readLine()).append('\n');
                }
                return s.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void linesWrittenWithoutAReaderWaitForTheNextOneAndReadersMayComeAndGo() throws Exception {
        Path p = mkfifo("lvs.fifo");
        fifo = new NotifyFifo(p, 100);

        fifo.offer("RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 UP"); // nobody reads yet: must not block
        fifo.offer("VS [192.0.2.1]:tcp:80 UP");
        assertThat(read(p, 2).get(10, TimeUnit.SECONDS))
                .isEqualTo("RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 UP\nVS [192.0.2.1]:tcp:80 UP\n");

        // that reader is gone (no EPIPE: we hold the FIFO read-write); the next one gets the next line
        fifo.offer("RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 DOWN");
        assertThat(read(p, 1).get(10, TimeUnit.SECONDS)).isEqualTo("RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 DOWN\n");
        CompletableFuture<String> waiting = read(p, 1);
        fifo.offer("VS [192.0.2.1]:tcp:80 DOWN");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("VS [192.0.2.1]:tcp:80 DOWN\n");
        assertThat(log.all()).noneMatch(l -> l.startsWith("notifyfifo"));
    }

    @Test
    void aMissingFifoIsCreated() throws Exception {
        Path p = dir.resolve("created.fifo");
        fifo = new NotifyFifo(p, 100);

        fifo.offer("VS FWM 7 UP");

        org.awaitility.Awaitility.await("the FIFO created").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(p));
        assertThat(Files.isRegularFile(p)).isFalse();
        assertThat(Files.getAttribute(p, "unix:mode")).isEqualTo(0010644); // S_IFIFO | 0644
        assertThat(read(p, 1).get(10, TimeUnit.SECONDS)).isEqualTo("VS FWM 7 UP\n");
    }

    @Test
    void aFullPipeWithNobodyReadingNeverBlocksTheOfferingThreadAndDropsTheOldest() throws Exception {
        Path p = mkfifo("full.fifo");
        fifo = new NotifyFifo(p, 10);
        String line = "RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 " + "x".repeat(200);

        for (int i = 0; i < 2000; i++) { // 400 KiB: far more than a pipe holds
            fifo.offer(line + " " + i);
        }

        org.awaitility.Awaitility.await("drops logged").atMost(Duration.ofSeconds(10))
                .until(() -> !log.startingWith("notifyfifo " + p + ": 10 lines waiting for a reader, dropped the oldest").isEmpty());
    }

    @Test
    void aRegularFileIsAppendedTo() throws Exception {
        Path p = dir.resolve("lines.log");
        Files.writeString(p, "earlier\n");
        fifo = new NotifyFifo(p, 10);

        fifo.offer("VS [192.0.2.1]:tcp:80 UP");

        org.awaitility.Awaitility.await("the line appended").atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(p).equals("earlier\nVS [192.0.2.1]:tcp:80 UP\n"));
    }
}
