package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Monitor connect = monitor();

    /** The check under test; {@link NonBlockingConnectCheckTest} runs every test here on its own. */
    Monitor monitor() {
        return new ConnectCheck();
    }

    @Test
    void listeningPortIsUp() throws IOException {
        try (HangingServer server = new HangingServer()) {
            assertThat(connect.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.up("-"));
        }
    }

    @Test
    void connectionIsClosedAtOnce() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            connect.check(CheckTarget.of("127.0.0.1", listener.getLocalPort()), TIMEOUT);

            try (var accepted = listener.accept()) {
                accepted.setSoTimeout(2000);
                assertThat(accepted.getInputStream().read()).as("EOF: the checker sent nothing and closed").isEqualTo(-1);
            }
        }
    }

    @Test
    void closedPortIsDownWithConnectionRefused() throws IOException {
        CheckResult result = connect.check(CheckTarget.of("127.0.0.1", HangingServer.closedPort()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void ipv6LoopbackIsUp() throws IOException {
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 1, InetAddress.getByName("::1"));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (listener) {
            assertThat(connect.check(CheckTarget.of("::1", listener.getLocalPort()), TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void portZeroIsDown() {
        assertThat(connect.check(CheckTarget.of("127.0.0.1", 0), TIMEOUT)).isEqualTo(CheckResult.down("no check port"));
    }

    @Test
    void malformedAddressIsDownWithoutDnsLookup() {
        assertThat(connect.check(CheckTarget.of("192.168.1", 80), TIMEOUT))
                .isEqualTo(CheckResult.down("192.168.1: invalid IPv4 address"));
    }

    @Test
    void interruptedBeforeStartIsDownAndKeepsInterruptStatus() throws Exception {
        AtomicReference<CheckResult> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread checker = Thread.ofVirtual().unstarted(() -> {
            Thread.currentThread().interrupt();
            result.set(connect.check(CheckTarget.of("127.0.0.1", 9), TIMEOUT));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        checker.start();
        checker.join();

        assertThat(result.get()).isEqualTo(CheckResult.down("interrupted"));
        assertThat(stillInterrupted).isTrue();
    }
}
