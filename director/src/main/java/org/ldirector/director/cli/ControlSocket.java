package org.ldirector.director.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Function;

/**
 * A unix socket ({@code <rundir>/ldirectord.<cfgname>.sock}, mode 0600) on which the running
 * daemon answers one-line requests from the command line ({@code list}, later {@code ha-status}
 * and friends): the request is one line, the answer is everything until the daemon closes.
 */
public final class ControlSocket implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Function<String, String> handler) {
        this.path = path;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("control " + path).start(() -> acceptLoop(handler));
    }

    public static Path pathFor(Path rundir, String cfgName) {
        return rundir.resolve("ldirectord." + cfgName + ".sock");
    }

    /** Opens the socket, replacing a stale one left by a crashed daemon. */
    public static ControlSocket open(Path path, Function<String, String> handler) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlSocket(path, server, handler);
    }

    /** Sends {@code request} to the daemon listening at {@code path} and returns its answer. */
    public static String ask(Path path, String request, Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            OutputStream out = Channels.newOutputStream(ch);
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            ch.shutdownOutput();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                    ch.close();
                } catch (InterruptedException | IOException ignored) {
                    // answered in time, or closed
                }
            });
            try {
                return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    private void acceptLoop(Function<String, String> handler) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().name("control request").start(() -> serve(ch, handler));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(SocketChannel ch, Function<String, String> handler) {
        try (ch) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String request = in.readLine();
            String answer;
            try {
                answer = request == null ? "" : handler.apply(request.strip());
            } catch (RuntimeException e) {
                answer = "error: " + e.getMessage() + "\n";
            }
            OutputStream out = Channels.newOutputStream(ch);
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
