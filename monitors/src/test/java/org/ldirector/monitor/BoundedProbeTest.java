package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bound behind every socket and library check: the timeout holds even for a body that ignores
 * it, and an interrupt ends the check at once, on platform threads too.
 */
class BoundedProbeTest {

    @Test
    void bodyIgnoringItsTimeoutIsCutOffAndItsSocketClosed() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            AtomicReference<Socket> socket = new AtomicReference<>();
            long start = System.nanoTime();

            CheckResult result = BoundedProbe.run("test", Duration.ofMillis(300), session -> {
                Socket s = session.closeOnAbort(new Socket());
                socket.set(s);
                s.connect(new InetSocketAddress("127.0.0.1", silent.port()));
                s.getInputStream().read(); // no SO_TIMEOUT: would block forever
                return CheckResult.up("-");
            }, e -> CheckResult.down(e.toString()));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 300ms"));
            assertThat(socket.get().isClosed()).isTrue();
        }
    }

    @Test
    void timeoutMessageIsTheOneSetLast() {
        CheckResult result = BoundedProbe.run("test", Duration.ofMillis(100), session -> {
            session.onTimeout("No answer received");
            Thread.sleep(10_000);
            return CheckResult.up("-");
        }, e -> CheckResult.down(e.toString()));

        assertThat(result).isEqualTo(CheckResult.down("No answer received"));
    }

    @Test
    void failureIsTurnedIntoDownByTheCheck() {
        CheckResult result = BoundedProbe.run("test", Duration.ofSeconds(1), session -> {
            throw new IOException("Connection reset");
        }, e -> CheckResult.down("failed: " + Failures.describe(e)));

        assertThat(result).isEqualTo(CheckResult.down("failed: Connection reset"));
    }

    @Test
    void interruptedPlatformThreadReturnsPromptlyAndKeepsInterruptStatus() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            AtomicReference<CheckResult> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            List<Monitor> checks = List.of(new SmtpCheck(), new Pop3Check(false), new ImapCheck(false),
                    new NntpCheck(), new LdapCheck(false), new FtpCheck(), new SimpleTcpCheck());
            for (Monitor check : checks) {
                CountDownLatch started = new CountDownLatch(1);
                int before = silent.acceptedConnections();
                Thread checker = Thread.ofPlatform().start(() -> {
                    started.countDown();
                    result.set(check.check(CheckTarget.of("127.0.0.1", silent.port()), Duration.ofSeconds(30)));
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
                started.await();
                while (silent.acceptedConnections() == before) {
                    Thread.sleep(5);
                }

                checker.interrupt();

                assertThat(checker.join(Duration.ofSeconds(1))).as("%s returned within 1 s", check).isTrue();
                assertThat(result.get()).as("%s", check).isEqualTo(CheckResult.down("interrupted"));
                assertThat(stillInterrupted).as("%s keeps the interrupt", check).isTrue();
            }
        }
    }

    @Test
    void alreadyInterruptedThreadDoesNotStartTheProbe() {
        AtomicBoolean ran = new AtomicBoolean();
        Thread.currentThread().interrupt();
        try {
            CheckResult result = BoundedProbe.run("test", Duration.ofSeconds(1), session -> {
                ran.set(true);
                return CheckResult.up("-");
            }, e -> CheckResult.down(e.toString()));

            assertThat(result).isEqualTo(CheckResult.down("interrupted"));
            assertThat(ran).isFalse();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }
}
