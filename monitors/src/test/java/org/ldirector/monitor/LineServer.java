package org.ldirector.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted line-protocol peer on 127.0.0.1: sends a greeting to every connection, then answers
 * each line it reads with what {@code answer} returns (lines sent with CRLF; null closes the
 * connection). Records every line received, for tests that look at what a check sent.
 */
public final class LineServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public LineServer(String greeting, Function<String, List<String>> answer) throws IOException {
        this(InetAddress.getByName("127.0.0.1"), 0, greeting, answer);
    }

    /** On {@code address}:{@code port} (0: any free port), e.g. the port of a stopped instance, to start it again. */
    public LineServer(InetAddress address, int port, String greeting, Function<String, List<String>> answer) throws IOException {
        listener = new ServerSocket(port, 50, address);
        Thread.ofVirtual().name("line-server").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    sockets.add(socket);
                    Thread.ofVirtual().start(() -> serve(socket, greeting, answer));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** A server that greets and then answers nothing but closes when the client sends anything. */
    public static LineServer greetingOnly(String greeting) throws IOException {
        return new LineServer(greeting, line -> null);
    }

    private void serve(Socket socket, String greeting, Function<String, List<String>> answer) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            if (greeting != null) {
                out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                received.add(line);
                List<String> reply = answer.apply(line);
                if (reply == null) {
                    return;
                }
                for (String r : reply) {
                    out.write((r + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException e) {
            // client gone
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    List<String> received() {
        return received;
    }

    /** Waits up to 2 s until {@code count} lines have arrived (the client's polite QUIT comes last). */
    List<String> awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return received;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
