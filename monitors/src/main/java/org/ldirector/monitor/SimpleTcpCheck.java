package org.ldirector.monitor;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * ldirectord's {@code service=simpletcp} negotiate check ({@code check_simpletcp}): connect
 * (TCP, or UDP for a UDP virtual service), send the {@code request} without its leading {@code /},
 * each literal {@code \n} (backslash, n) turned into a newline, half-close the connection (TCP),
 * then read lines until one matches {@code receive} (unanchored; the line is matched with its line
 * ending, as Perl's {@code <$sock>} returns it) → UP; end of stream or the timeout → DOWN.
 *
 * <p>An empty {@code receive}: ldirectord matched Perl's empty pattern, which reuses "the last
 * successfully matched regex" of the whole daemon, i.e. anything. Here an empty receive means
 * "the server answered": UP as soon as any byte arrives, DOWN when the connection ends with none.
 *
 * <p>Over UDP the request is sent as one datagram (also when empty: without it the server could
 * never answer) and every datagram that comes back is split into lines and matched the same way.
 * At most {@value #MAX_BYTES} bytes are read; lines are matched on their first
 * {@value TextConnection#MAX_LINE_BYTES} bytes.
 *
 * <p>Messages: {@code -} when UP; {@code no line matched receive}, {@code connection closed without
 * data}, {@code timed out after Ns}, or the transport failure.
 */
public final class SimpleTcpCheck implements Monitor {

    static final int MAX_BYTES = 1 << 20;

    public SimpleTcpCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        RequestOptions options = RequestOptions.of(target);
        Receive compiled = Receive.of(options.receive());
        if (compiled.invalid() != null) {
            return compiled.invalid();
        }
        Pattern receive = compiled.pattern();
        byte[] request = request(options.request()).getBytes(StandardCharsets.UTF_8);
        return BoundedProbe.run("ldirector-simpletcp-check", timeout,
                session -> target.transport() == Transport.UDP
                        ? overUdp(target, request, receive, session)
                        : overTcp(target, request, receive, session),
                e -> CheckResult.down(Failures.describe(e)));
    }

    /** The request as sent: without its leading {@code /}, each literal {@code \n} made a newline. */
    static String request(String configured) {
        String request = configured.startsWith("/") ? configured.substring(1) : configured;
        return request.replace("\\n", "\n");
    }

    private static CheckResult overTcp(CheckTarget target, byte[] request, Pattern receive, BoundedProbe.Session session)
            throws Exception {
        try (TextConnection connection = TextConnection.open(target, false, session)) {
            if (request.length > 0) {
                connection.write(request);
            }
            connection.shutdownOutput();
            while (connection.bytesRead() < MAX_BYTES) {
                String line = connection.readRawLine();
                if (line == null) {
                    return CheckResult.down(receive == null ? "connection closed without data" : "no line matched receive");
                }
                if (receive == null || receive.matcher(line).find()) {
                    return CheckResult.up("-");
                }
            }
            return CheckResult.down("no line matched receive in the first " + MAX_BYTES + " bytes");
        }
    }

    private static CheckResult overUdp(CheckTarget target, byte[] request, Pattern receive, BoundedProbe.Session session)
            throws Exception {
        InetAddress server = HostLookup.resolve(target.host(), session.deadline());
        try (DatagramSocket socket = session.closeOnAbort(new DatagramSocket())) {
            socket.connect(server, target.port());
            socket.send(new DatagramPacket(request, request.length));
            byte[] buffer = new byte[65535];
            long total = 0;
            while (total < MAX_BYTES) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                socket.setSoTimeout(session.soTimeoutMillis());
                socket.receive(reply);
                total += reply.getLength();
                if (receive == null) {
                    return CheckResult.up("-");
                }
                String text = new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8);
                for (int start = 0; start < text.length(); ) {
                    int newline = text.indexOf('\n', start);
                    int end = newline < 0 ? text.length() : newline + 1;
                    if (receive.matcher(text.substring(start, end)).find()) {
                        return CheckResult.up("-");
                    }
                    start = end;
                }
            }
            return CheckResult.down("no line matched receive in the first " + MAX_BYTES + " bytes");
        }
    }
}
