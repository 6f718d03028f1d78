package org.ldirector.monitor;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * ldirectord's {@code service=sip} negotiate check ({@code check_sip}): sends ldirectord's
 * {@code OPTIONS} request byte for byte, over UDP, or over TCP when the virtual service is TCP,
 * and is UP iff the first line of the reply matches {@code ^SIP/2.0 200 OK}.
 *
 * <p>The request names {@code login} ({@code ldirectord@<HOSTNAME>} unless configured; the config
 * parser applies that default) in the request URI, {@code To}, {@code From} and {@code Contact}; its
 * {@code Via} carries the socket's local address and port ({@code [v6]} in brackets, compressed as
 * {@code inet_ntop} writes it) and, as in ldirectord, says {@code UDP} even over TCP; the
 * {@code Call-ID} is 16 random hex digits; branch, tag and CSeq are ldirectord's constants.
 *
 * <p>Messages: the reply's first line (UP or DOWN), {@code empty reply}, the transport failure
 * ({@code Port unreachable} for a closed UDP port, {@code Connection refused} over TCP), or
 * {@code timed out after Ns}.
 */
public final class SipCheck implements Monitor {

    private static final Pattern OK = Pattern.compile("^SIP/2.0 200 OK");
    private static final int MAX_REPLY_BYTES = 65535;
    private static final SecureRandom RANDOM = new SecureRandom();

    public SipCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        String login = SipOptions.of(target).login();
        return BoundedProbe.run("ldirector-sip-check", timeout, session -> {
            String firstLine = target.transport() == Transport.UDP
                    ? overUdp(target, login, session) : overTcp(target, login, session);
            if (firstLine.isEmpty()) {
                return CheckResult.down("empty reply");
            }
            String line = Failures.printable(firstLine);
            return OK.matcher(firstLine).find() ? CheckResult.up(line) : CheckResult.down(line);
        }, e -> CheckResult.down(Failures.describe(e)));
    }

    private static String overUdp(CheckTarget target, String login, BoundedProbe.Session session) throws Exception {
        InetAddress server = HostLookup.resolve(target.host(), session.deadline());
        try (DatagramSocket socket = session.closeOnAbort(new DatagramSocket())) {
            socket.connect(server, target.port());
            byte[] request = request(login, socket.getLocalAddress(), socket.getLocalPort(), callId())
                    .getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(request, request.length));
            byte[] buffer = new byte[MAX_REPLY_BYTES];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout(session.soTimeoutMillis());
            socket.receive(reply);
            return firstLine(new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8));
        }
    }

    private static String overTcp(CheckTarget target, String login, BoundedProbe.Session session) throws Exception {
        try (TextConnection sip = TextConnection.open(target, false, session)) {
            InetSocketAddress local = sip.localAddress();
            sip.write(request(login, local.getAddress(), local.getPort(), callId())
                    .getBytes(StandardCharsets.UTF_8));
            String line = sip.readLineOrNull();
            return line == null ? "" : line;
        }
    }

    /** ldirectord's OPTIONS request, exactly. */
    static String request(String login, InetAddress localAddress, int localPort, String callId) {
        return "OPTIONS sip:" + login + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + viaHost(localAddress) + ":" + localPort + ";branch=z9hG4bKhjhs8ass877\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:" + login + ">\r\n"
                + "From: <sip:" + login + ">;tag=1928301774\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 63104 OPTIONS\r\n"
                + "Contact: <sip:" + login + ">\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** 8 random bytes as 16 lower-case hex digits, like ldirectord's {@code unpack "H*"}. */
    static String callId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code 10.0.0.1}, or {@code [2001:db8::1]}: ldirectord's {@code ld_get_addrport} format. */
    static String viaHost(InetAddress address) {
        return address instanceof Inet6Address v6 ? "[" + compress(v6) + "]" : address.getHostAddress();
    }

    /**
     * The address as glibc's {@code inet_ntop} writes it: lower-case hex without leading zeros, the
     * longest run of two or more zero groups (the first one on a tie) as {@code ::}, no scope.
     */
    static String compress(Inet6Address address) {
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static String firstLine(String reply) {
        int end = reply.indexOf('\n');
        String line = end < 0 ? reply : reply.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
