package org.ldirector.monitor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * A TCP connection to a real server for line-oriented protocols (SMTP, POP3, IMAP, NNTP,
 * simpletcp), plain or with implicit TLS. Every connect, handshake and read draws on the check's
 * deadline: the socket timeout is set to the time left before each blocking call. The socket is
 * registered with the {@link BoundedProbe.Session}, so a caller that gives up closes it.
 *
 * <p>TLS accepts any certificate and checks no host name ({@link TrustAnyCertificate}), like
 * ldirectord's intent for HTTPS. Lines are at most {@value #MAX_LINE_BYTES} bytes (the rest of a
 * longer line is read and dropped) and are decoded as UTF-8.
 */
final class TextConnection implements AutoCloseable {

    static final int MAX_LINE_BYTES = 8192;
    private static final long QUIT_REPLY_MILLIS = 250;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final BoundedProbe.Session session;
    private long bytesRead;

    private TextConnection(Socket socket, BoundedProbe.Session session) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.session = session;
    }

    /** Connects to the target's host and check port; with {@code implicitTls} the TLS handshake is done too. */
    static TextConnection open(CheckTarget target, boolean implicitTls, BoundedProbe.Session session)
            throws IOException, InterruptedException {
        InetAddress address = HostLookup.resolve(target.host(), session.deadline());
        Socket plain = session.closeOnAbort(new Socket());
        try {
            plain.connect(new InetSocketAddress(address, target.port()), session.soTimeoutMillis());
            if (!implicitTls) {
                return new TextConnection(plain, session);
            }
            SSLSocket tls = (SSLSocket) TrustAnyCertificate.socketFactory()
                    .createSocket(plain, address.getHostAddress(), target.port(), true);
            session.closeOnAbort(tls);
            tls.setSoTimeout(session.soTimeoutMillis());
            tls.startHandshake();
            return new TextConnection(tls, session);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The local end, for protocols that name it (SIP's {@code Via}). */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * The next line without its line ending ({@code \n} or {@code \r\n}); throws
     * {@link EOFException} when the peer closed first, and a {@link java.net.SocketTimeoutException}
     * when the deadline passes.
     */
    String readLine() throws IOException {
        String line = readLineOrNull();
        if (line == null) {
            throw new EOFException("connection closed by peer");
        }
        return line;
    }

    /** Like {@link #readLine()}, but null at end of stream (with nothing read on the line). */
    String readLineOrNull() throws IOException {
        String raw = readRawLine();
        if (raw == null) {
            return null;
        }
        int end = raw.length();
        if (end > 0 && raw.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && raw.charAt(end - 1) == '\r') {
            end--;
        }
        return raw.substring(0, end);
    }

    /**
     * The next line with its terminator, as Perl's {@code <$sock>} returns it (the last line of the
     * stream may have none); null at end of stream. Counts the bytes into {@link #bytesRead()}.
     */
    String readRawLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        boolean any = false;
        while (true) {
            socket.setSoTimeout(session.soTimeoutMillis());
            int b = in.read();
            if (b < 0) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            bytesRead++;
            if (bytes.size() < MAX_LINE_BYTES || b == '\n') {
                bytes.write(b);
            }
            if (b == '\n') {
                break;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** How many bytes the line readers have consumed so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Sends {@code line} followed by CRLF. */
    void writeLine(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        socket.setSoTimeout(session.soTimeoutMillis());
        out.write(bytes);
        out.flush();
    }

    /** Half-closes: the peer reads end-of-stream, we can still read its answer. */
    void shutdownOutput() throws IOException {
        if (socket instanceof SSLSocket) {
            return; // TLS cannot half-close; only simpletcp uses this, over plain TCP
        }
        socket.shutdownOutput();
    }

    /**
     * Ends the session politely once the verdict is known: sends {@code command} ({@code QUIT},
     * {@code a9 LOGOUT}) and waits briefly for the server's answer, so the server logs a clean end
     * rather than a reset. Never fails and never holds the check for more than {@value #QUIT_REPLY_MILLIS} ms.
     */
    void quit(String command) {
        try {
            long millis = Math.min(QUIT_REPLY_MILLIS, session.deadline().remainingMillis() / 2);
            if (millis <= 0) {
                return;
            }
            socket.setSoTimeout((int) millis);
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.read();
        } catch (IOException e) {
            // the verdict is already known
        }
    }

    @Override
    public void close() {
        BoundedProbe.closeQuietly(socket);
    }
}
