package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 000 connections (a generated {@code ip_vs_conn}, three rounds of it with states changed, entries gone and new
 * ones) replicated from an active to a standby, each in its own JVM at the launcher's default heap
 * ({@code -XX:+UseSerialGC -Xmx80m}: 80 MB + 1 MB per 80 reals, here none), as the directors run. Neither may run out
 * of memory, every poll reaches the standby, no delta exceeds what the TCP transport accepts, and the lag from a
 * poll's start to its last delta applied is reported (docs/benchmarks.md).
 */
class ConnectionTableScaleTest {

    private static final int CONNECTIONS = Integer.getInteger("ldirector.scale.connections", 200_000);
    private static final int ROUNDS = 3;
    private static final int POLLS_PER_ROUND = 2;
    private static final List<String> HEAP = List.of("-XX:+UseSerialGC", "-Xmx80m");

    @TempDir
    Path dir;

    @Test
    void twoHundredThousandConnectionsReplicateAtTheDefaultHeap() throws Exception {
        List<String> files = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            files.add(generate(round).toString());
        }
        List<String> activeCmd = java("active", String.valueOf(POLLS_PER_ROUND));
        activeCmd.addAll(files);
        Process active = new ProcessBuilder(activeCmd).redirectError(dir.resolve("active.err").toFile()).start();
        Process standby = new ProcessBuilder(java("standby")).redirectError(dir.resolve("standby.err").toFile())
                .start();
        Thread pipe = Thread.ofPlatform().start(() -> {
            try (InputStream from = active.getInputStream(); OutputStream to = standby.getOutputStream()) {
                from.transferTo(to);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> report = new String(standby.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertThat(active.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(standby.waitFor(60, TimeUnit.SECONDS)).isTrue();
        pipe.join(10_000);
        String activeErr = Files.readString(dir.resolve("active.err"));
        String standbyErr = Files.readString(dir.resolve("standby.err"));
        System.out.println(activeErr);
        System.out.println(String.join("\n", report));
        System.out.println(standbyErr);

        assertThat(activeErr + standbyErr).doesNotContain("OutOfMemoryError").doesNotContain("failed");
        assertThat(active.exitValue()).isZero();
        assertThat(standby.exitValue()).isZero();
        List<String> polls = report.stream().filter(l -> l.startsWith("poll ")).toList();
        assertThat(polls).as("every poll reached the standby").hasSize(ROUNDS * POLLS_PER_ROUND);
        assertThat(polls).allMatch(l -> l.contains(" size=" + CONNECTIONS + " "));
        String last = report.get(report.size() - 1);
        assertThat(last).startsWith("final size=" + CONNECTIONS + " ");
        int largest = Integer.parseInt(last.replaceAll(".* largest=(\\d+).*", "$1"));
        assertThat(largest).as("a delta fits the transport's max_length").isLessThan(JGroupsStack.MAX_MESSAGE_BYTES);
        long versions = Long.parseLong(last.replaceAll(".* version=(\\d+).*", "$1"));
        assertThat(versions).as("the table went as many deltas of at most %d changes", TableReplicator.CHUNK)
                .isGreaterThanOrEqualTo(CONNECTIONS / TableReplicator.CHUNK);
    }

    private List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(HEAP);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TableScaleRun.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Round {@code r} of the table, as the kernel prints it: 4 virtual services, 20 reals, one entry per client.
     * Each round 5 % of the entries change state, 2.5 % are gone and as many are new; timers run down one second a
     * round (each round is read for one second).
     */
    private Path generate(int r) throws IOException {
        Path f = dir.resolve("ip_vs_conn." + r);
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
            w.write("Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n");
            int gone = CONNECTIONS / 40;
            for (int i = r * gone; i < CONNECTIONS + r * gone; i++) {
                boolean changed = i % 20 == r;
                String state = changed ? "FIN_WAIT" : "ESTABLISHED";
                long expires = (changed ? 120 : 900) - r;
                w.write(String.format("TCP %08X %04X %08X %04X %08X %04X %-11s %7d%n", 0x0B000000 + i,
                        1024 + i % 60000, 0x0A000064 + i % 4, 80, 0x0A000A00 + i % 20, 80, state, expires));
            }
        }
        return f;
    }
}
