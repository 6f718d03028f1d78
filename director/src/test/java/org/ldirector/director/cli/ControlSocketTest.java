package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket against real clients: a process of another user (setpriv to nobody) is refused even when an
 * operator has loosened the socket's mode, an over-long request is refused unread, and a silent client is dropped
 * without holding up anyone else.
 */
class ControlSocketTest {

    @TempDir
    Path dir;

    private Path socket;
    private ControlSocket control;
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        socket = ControlSocket.pathFor(dir, "ldirectord.cf");
        control = ControlSocket.open(socket, request -> {
            handled.incrementAndGet();
            return request.equals("list") ? "the table\n" : "error: unknown request: " + request + "\n";
        });
    }

    @AfterEach
    void tearDown() {
        control.close();
    }

    @Test
    void theSocketIsCreatedWithMode0600AndNoPrivateDirectoryIsLeft() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("ldirectord.ldirectord.cf.sock");
        }
        assertThat(ControlSocket.ask(socket, "list", Duration.ofSeconds(10))).isEqualTo("the table\n");
    }

    @Test
    void aClientOfAnotherUserIsRefusedEvenWhenTheModeWasLoosened() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path client = dir.resolve("Client.java");
        Files.writeString(client, """
                import java.net.UnixDomainSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.Channels;
                import java.nio.channels.SocketChannel;
                public class Client {
                    public static void main(String[] a) throws Exception {
                        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
                            try {
                                ch.write(ByteBuffer.wrap("list\\n".getBytes()));
                                ch.shutdownOutput();
                            } catch (java.io.IOException refusedBeforeTheRequest) {
                                // the answer is still there to read
                            }
                            System.out.print(new String(Channels.newInputStream(ch).readAllBytes()));
                        }
                    }
                }
                """);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                client.toString(), socket.toString())).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).startsWith("error: permission denied for user ").doesNotContain("the table");
        assertThat(handled).hasValue(0);
        assertThat(ControlSocket.ask(socket, "list", Duration.ofSeconds(10))).isEqualTo("the table\n");
    }

    @Test
    void aRequestOverFourKibibytesIsRefusedWithoutReadingIt() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            CompletableFuture.runAsync(() -> {
                try {
                    ch.write(ByteBuffer.wrap("x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException refused) {
                    // the daemon stops reading and closes: a broken pipe
                }
            });
            String answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            }).get(20, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo("error: request longer than 4096 bytes\n");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aSilentClientIsDroppedAndDoesNotHoldUpAnotherClientsList() throws Exception {
        try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            assertThat(ControlSocket.ask(socket, "list", Duration.ofSeconds(10))).isEqualTo("the table\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            int read = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.read(ByteBuffer.allocate(16));
                } catch (IOException e) {
                    return -2;
                }
            }).get(ControlSocket.REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            assertThat(read).as("the daemon closed the silent connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ControlSocket.REQUEST_TIMEOUT);
        }
        assertThat(handled).hasValue(1);
    }
}
