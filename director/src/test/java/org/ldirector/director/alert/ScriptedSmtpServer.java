package org.ldirector.director.alert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server on 127.0.0.1 that records the dialogue as it arrives on the wire (for what GreenMail does
 * not show: the EHLO name, each RCPT, the DATA bytes), or that accepts connections and never says a word (a stuck
 * mail server).
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final boolean silent;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    /** The client's command lines, without CRLF, in order, over all connections. */
    final List<String> commands = new CopyOnWriteArrayList<>();
    /** The content of each DATA, exactly as sent (CRLF kept, dot-stuffing undone). */
    final List<String> messages = new CopyOnWriteArrayList<>();

    private ScriptedSmtpServer(boolean silent) throws IOException {
        this.silent = silent;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofPlatform().daemon(true).name("scripted-smtp").start(this::acceptLoop);
    }

    static ScriptedSmtpServer recording() throws IOException {
        return new ScriptedSmtpServer(false);
    }

    static ScriptedSmtpServer silent() throws IOException {
        return new ScriptedSmtpServer(true);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far (a silent server never answers them). */
    int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                if (!silent) {
                    Thread.ofPlatform().daemon(true).name("scripted-smtp-session").start(() -> session(s));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            reply(out, "220 scripted ESMTP");
            String line;
            while ((line = readLine(in)) != null) {
                String command = line.substring(0, line.length() - 2);
                commands.add(command);
                String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250 scripted");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        messages.add(readData(in));
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readData(InputStream in) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = readLine(in)) != null && !line.equals(".\r\n")) {
            data.append(line.startsWith("..") ? line.substring(1) : line);
        }
        return data.toString();
    }

    /** One line including its CRLF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            buf.write(b);
            if (b == '\n') {
                break;
            }
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
