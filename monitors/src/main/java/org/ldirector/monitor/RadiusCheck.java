package org.ldirector.monitor;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * ldirectord's {@code service=radius} negotiate check ({@code check_radius},
 * Authen::Radius {@code check_pwd}): an Access-Request for {@code login}/{@code passwd}, sent over
 * UDP to the check port, signed with the shared {@code secret}. UP iff an Access-Accept arrives
 * whose Response Authenticator (and Message-Authenticator, if it carries one) is valid for our
 * request and secret; an Access-Reject, an Access-Challenge or no valid reply within the timeout is
 * DOWN.
 *
 * <p>On the wire: User-Name, User-Password hidden as RFC 2865 §5.2 prescribes, NAS-IP-Address (or
 * NAS-IPv6-Address) of the local socket, NAS-Identifier {@value #NAS_IDENTIFIER}, and a
 * Message-Authenticator as the first attribute (RFC 3579; servers hardened against BlastRADIUS
 * require it). The same packet is sent again every {@value #RESEND_MILLIS} ms until a reply or the
 * timeout (a retransmission in the RFC's sense: same identifier, same authenticator). Replies that
 * fail validation are discarded, as the RFC asks; if the check then times out, the message says why
 * the last one was discarded ({@code wrong secret?}).
 *
 * <p>Messages: {@code Access-Accept}, {@code Access-Reject[: Reply-Message]},
 * {@code Access-Challenge}, {@code timed out after Ns[; discarded a reply: ...]}, or the transport
 * failure ({@code Port unreachable}). Neither the password nor the secret ever appears.
 */
public final class RadiusCheck implements Monitor {

    static final String NAS_IDENTIFIER = "ldirector";
    static final long RESEND_MILLIS = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    public RadiusCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        RadiusOptions options = RadiusOptions.of(target);
        if (options.secret().isEmpty()) {
            return CheckResult.down("radius check needs secret= (the shared secret)");
        }
        byte[] password = options.password().getBytes(StandardCharsets.UTF_8);
        if (password.length > RadiusPacket.MAX_PASSWORD_BYTES) {
            return CheckResult.down("passwd is longer than RADIUS allows (" + RadiusPacket.MAX_PASSWORD_BYTES + " bytes)");
        }
        byte[] secret = options.secret().getBytes(StandardCharsets.UTF_8);
        return BoundedProbe.run("ldirector-radius-check", timeout, session -> {
            InetAddress server = HostLookup.resolve(target.host(), session.deadline());
            try (DatagramSocket socket = session.closeOnAbort(new DatagramSocket())) {
                socket.connect(server, target.port());
                int identifier = RANDOM.nextInt(256);
                byte[] authenticator = new byte[16];
                RANDOM.nextBytes(authenticator);
                byte[] request = RadiusPacket.accessRequest(identifier, authenticator, secret, options.login(),
                        password, socket.getLocalAddress(), NAS_IDENTIFIER);
                DatagramPacket out = new DatagramPacket(request, request.length);
                byte[] buffer = new byte[RadiusPacket.MAX_PACKET_LENGTH];
                long nextSend = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (now - nextSend >= 0) {
                        socket.send(out);
                        nextSend = now + RESEND_MILLIS * 1_000_000;
                    }
                    long untilResend = Math.max(1, (nextSend - now) / 1_000_000);
                    socket.setSoTimeout((int) Math.min(untilResend, session.soTimeoutMillis()));
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(in);
                    } catch (SocketTimeoutException e) {
                        if (session.deadline().expired()) {
                            throw e;
                        }
                        continue;
                    }
                    try {
                        RadiusPacket.Reply reply = RadiusPacket.parseReply(buffer, in.getLength(), identifier,
                                authenticator, secret);
                        return new CheckResult(reply.code() == RadiusPacket.ACCESS_ACCEPT, reply.describe());
                    } catch (RadiusPacket.InvalidReply invalid) {
                        session.onTimeout("timed out after " + Deadline.format(timeout) + "; discarded a reply: "
                                + invalid.getMessage());
                    }
                }
            }
        }, e -> CheckResult.down(Failures.scrub(Failures.describe(e), options.password(), options.secret())));
    }
}
