package org.ldirector.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that misbehaves on purpose, one connection per virtual thread, until closed: it keeps every connection
 * open as long as the client does and counts the bytes it pushed.
 */
final class HostilePeer implements AutoCloseable {

    /** What the peer does with each connection. */
    enum Behaviour {
        /** Reads the request head, then sends a status line and a header byte every 200 ms, forever. */
        SLOWLORIS_HEADERS,
        /** Reads the request head, answers 200 with no length, then an endless body as fast as it can. */
        ENDLESS_BODY,
        /** Reads whatever comes (a TLS ClientHello), answers random bytes, then nothing. */
        TLS_GARBAGE,
        /** Answers a plain-text HTTP response at once, whatever comes (an https check talking to plain http). */
        PLAIN_TEXT_ON_TLS,
        /** Greets as MySQL 5.7 (protocol 10, no TLS), reads the login, answers error 1045 "Access denied". */
        MYSQL_AUTH_ERROR,
    }

    private final ServerSocket listener = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong pushed = new AtomicLong();
    private final Behaviour behaviour;

    HostilePeer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        Thread.ofVirtual().name("hostile-" + behaviour).start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    long bytesPushed() {
        return pushed.get();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (behaviour) {
                case SLOWLORIS_HEADERS -> {
                    readHead(in);
                    write(out, "HTTP/1.0 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    while (!s.isClosed()) {
                        Thread.sleep(200);
                        write(out, new byte[] {'a'});
                    }
                }
                case ENDLESS_BODY -> {
                    readHead(in);
                    write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = "all work and no play ".repeat(3000).getBytes(StandardCharsets.US_ASCII);
                    while (true) {
                        write(out, chunk);
                    }
                }
                case TLS_GARBAGE -> {
                    byte[] hello = new byte[512];
                    if (in.read(hello) > 0) {
                        byte[] junk = new byte[4096];
                        new SplittableRandom(7).nextBytes(junk);
                        junk[0] = 0x16; // looks like a handshake record for a moment
                        write(out, junk);
                    }
                    while (in.read(hello) >= 0) {
                        // and then nothing: read until the client gives up
                    }
                }
                case PLAIN_TEXT_ON_TLS -> {
                    write(out, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    while (in.read(new byte[512]) >= 0) {
                        // wait for the client to close
                    }
                }
                case MYSQL_AUTH_ERROR -> {
                    write(out, mysqlPacket(0, mysqlGreeting()));
                    byte[] head = in.readNBytes(4);
                    if (head.length == 4) {
                        in.readNBytes((head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16);
                        byte[] text = "#28000Access denied for user 'monitor'@'localhost' (using password: YES)"
                                .getBytes(StandardCharsets.US_ASCII);
                        byte[] err = new byte[3 + text.length];
                        err[0] = (byte) 0xff;
                        err[1] = (byte) (1045 & 0xff);
                        err[2] = (byte) (1045 >> 8);
                        System.arraycopy(text, 0, err, 3, text.length);
                        write(out, mysqlPacket(head[3] + 1, err));
                    }
                    while (in.read(new byte[512]) >= 0) {
                        // wait for the client to close
                    }
                }
            }
        } catch (IOException e) {
            // the check gave up and closed: what we wanted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        out.flush();
        pushed.addAndGet(b.length);
    }

    private static byte[] mysqlGreeting() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(10); // protocol version
        b.writeBytes("5.7.0-hostile\0".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {1, 0, 0, 0}); // connection id
        b.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII)); // auth data, part 1
        b.write(0);
        int capabilities = 0x1 | 0x2 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x80000; // no SSL: plain login
        b.write(capabilities & 0xff);
        b.write(capabilities >> 8 & 0xff);
        b.write(0x21); // utf8_general_ci
        b.writeBytes(new byte[] {2, 0}); // autocommit
        b.write(capabilities >> 16 & 0xff);
        b.write(capabilities >> 24 & 0xff);
        b.write(21); // auth data length
        b.writeBytes(new byte[10]);
        b.writeBytes("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII)); // auth data, part 2
        b.writeBytes("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static byte[] mysqlPacket(int sequence, byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >> 8);
        p[2] = (byte) (payload.length >> 16);
        p[3] = (byte) sequence;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
