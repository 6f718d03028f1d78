package org.ldirector.director.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A syslog receiver on a unix socket, as syslogd listens on /dev/log. Java has no unix datagram sockets, so this
 * one is a stream socket; logger falls back to it and sends the same local format, one message per line.
 */
final class SyslogReceiver implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();

    SyslogReceiver(Path path) throws IOException {
        this.path = path;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        threads.add(Thread.ofVirtual().name("syslog-accept").start(this::accept));
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel connection = server.accept();
                connections.add(connection);
                threads.add(Thread.ofVirtual().name("syslog-read").start(() -> read(connection)));
            }
        } catch (IOException closed) {
            // receiver closed
        }
    }

    private void read(SocketChannel connection) {
        try (BufferedReader reader = new BufferedReader(Channels.newReader(connection, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                messages.add(line);
            }
        } catch (IOException closed) {
            // connection closed
        }
    }

    /**
     * Stops listening, drops the connections and removes the socket file, as a stopping syslogd does. Returns once
     * the sockets are really closed: a channel closed while a thread reads from it is closed when that thread
     * has let go of it, so wait for the threads.
     */
    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path);
    }
}
