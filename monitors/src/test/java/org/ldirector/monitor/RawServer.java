package org.ldirector.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every connection that sends a request with one fixed response and closes; keeps what
 * each request sent up to its blank line, and counts the connections (a bare connect sends none).
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    RawServer(String response) throws IOException {
        acceptor = Thread.ofPlatform().daemon().name("raw-server").start(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                    String head = readHead(s.getInputStream());
                    if (!head.isEmpty()) {
                        requests.add(head);
                        s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                        s.shutdownOutput();
                    }
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    int port() {
        return listener.getLocalPort();
    }

    List<String> requests() {
        return requests;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
