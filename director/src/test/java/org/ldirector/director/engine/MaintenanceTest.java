package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.ipvs.Endpoint;

/**
 * maintenancedir with a name server that never answers: the thread that records results (every event-loop check's)
 * must not wait for the reverse lookup, and a real whose name is still unknown is not put into the table on a guess.
 */
class MaintenanceTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final CountDownLatch never = new CountDownLatch(1);

    private String blackHole(InetAddress a) {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return a.getHostAddress();
    }

    private static Endpoint real(String ip, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(ip), port);
    }

    @Test
    void aBlackHoledLookupNeverBlocksTheCallerAndAddressFilesAloneHoldNoOtherRealOut() throws Exception {
        Maintenance m = new Maintenance(this::blackHole, clock::get);
        Files.createFile(dir.resolve("10.2.0.1:80"));
        Files.createFile(dir.resolve("[2001:db8::1]"));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 1; i <= 200; i++) { // 200 addresses: 200 lookups that never answer
                assertThat(m.inMaintenance(dir, real("10.1.0." + i, 80))).isFalse();
            }
        });
    }

    @Test
    void whileTheNameIsPendingAnyEntryHoldsTheRealOutThenOnlyItsAddressCounts() throws Exception {
        Maintenance m = new Maintenance(this::blackHole, clock::get);
        Files.createFile(dir.resolve("web7"));
        Files.createFile(dir.resolve("10.1.0.2:80"));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(m.inMaintenance(dir, real("10.1.0.1", 80))).as("pending: web7 might be its name").isTrue();
            assertThat(m.inMaintenance(dir, real("10.1.0.2", 80))).as("its address file").isTrue();
            clock.addAndGet(Maintenance.LOOKUP_PATIENCE_NANOS);
            assertThat(m.inMaintenance(dir, real("10.1.0.1", 80))).as("given up: address forms only").isFalse();
            assertThat(m.inMaintenance(dir, real("10.1.0.2", 80))).isTrue();
        });
    }

    @Test
    void anAnsweredNameCountsWithAndWithoutPortAndItsShortForm() throws Exception {
        Maintenance m = new Maintenance(a -> "web1.example.com", clock::get);
        Files.createFile(dir.resolve("web1"));
        Endpoint r = real("10.1.0.9", 8080);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            m.inMaintenance(dir, r);
            Files.deleteIfExists(dir.resolve("web1"));
            boolean none = !m.inMaintenance(dir, r); // resolved once the empty directory says no
            Files.createFile(dir.resolve("web1"));
            return none && m.inMaintenance(dir, r);
        });
        Files.delete(dir.resolve("web1"));
        Files.createFile(dir.resolve("web1.example.com:8080"));
        assertThat(m.inMaintenance(dir, r)).isTrue();
        Files.delete(dir.resolve("web1.example.com:8080"));
        Files.createFile(dir.resolve("web1.example.com:80"));
        assertThat(m.inMaintenance(dir, r)).as("another port").isFalse();
    }
}
