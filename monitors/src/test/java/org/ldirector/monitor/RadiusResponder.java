package org.ldirector.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A RADIUS authentication server for tests, on 127.0.0.1 over UDP, written from RFC 2865/3579
 * independently of {@link RadiusPacket}: it checks each Access-Request's Message-Authenticator,
 * recovers the User-Password with its secret, and answers Access-Accept when user and password
 * match its table, else Access-Reject with a Reply-Message. Replies carry a correct Response
 * Authenticator and a Message-Authenticator, both made with {@code replySecret} (another secret
 * than the request's simulates a server configured with the wrong one).
 */
public final class RadiusResponder implements AutoCloseable {

    /** What the server saw in one request. */
    record Seen(String user, String password, boolean messageAuthenticatorValid, List<Integer> attributeTypes) {
    }

    private final UdpResponder udp;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    RadiusResponder(String secret, String replySecret, Map<String, String> users) throws IOException {
        this(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), secret, replySecret, users);
    }

    /** Bound to {@code address} (port 0: any free port). */
    public RadiusResponder(InetSocketAddress address, String secret, String replySecret, Map<String, String> users)
            throws IOException {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        byte[] replyKey = replySecret.getBytes(StandardCharsets.UTF_8);
        udp = new UdpResponder(address, request -> answer(request, key, replyKey, users));
    }

    public int port() {
        return udp.port();
    }

    List<Seen> seen() {
        return seen;
    }

    int requestsReceived() {
        return udp.received().size();
    }

    private byte[] answer(byte[] request, byte[] secret, byte[] replySecret, Map<String, String> users) {
        if (request.length < 20 || request[0] != 1) {
            return null;
        }
        byte[] authenticator = Arrays.copyOfRange(request, 4, 20);
        String user = null;
        String password = null;
        boolean messageAuthenticatorValid = false;
        List<Integer> types = new java.util.ArrayList<>();
        for (int at = 20; at + 2 <= request.length; ) {
            int type = request[at] & 0xff;
            int length = request[at + 1] & 0xff;
            byte[] value = Arrays.copyOfRange(request, at + 2, at + length);
            types.add(type);
            switch (type) {
                case 1 -> user = new String(value, StandardCharsets.UTF_8);
                case 2 -> password = revealPassword(value, secret, authenticator);
                case 80 -> {
                    byte[] zeroed = request.clone();
                    Arrays.fill(zeroed, at + 2, at + 18, (byte) 0);
                    messageAuthenticatorValid = MessageDigest.isEqual(hmac(secret, zeroed), value);
                }
                default -> { }
            }
            at += length;
        }
        seen.add(new Seen(user, password, messageAuthenticatorValid, types));
        boolean accept = user != null && password != null && password.equals(users.get(user));
        return reply(accept ? 2 : 3, request[1], authenticator, replySecret, accept ? null : "bad user or password");
    }

    private static byte[] reply(int code, byte identifier, byte[] requestAuthenticator, byte[] secret, String message) {
        ByteArrayOutputStream attributes = new ByteArrayOutputStream();
        attributes.write(80);
        attributes.write(18);
        attributes.writeBytes(new byte[16]);
        if (message != null) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            attributes.write(18);
            attributes.write(text.length + 2);
            attributes.writeBytes(text);
        }
        byte[] attrs = attributes.toByteArray();
        byte[] packet = new byte[20 + attrs.length];
        packet[0] = (byte) code;
        packet[1] = identifier;
        packet[2] = (byte) (packet.length >> 8);
        packet[3] = (byte) packet.length;
        System.arraycopy(requestAuthenticator, 0, packet, 4, 16);
        System.arraycopy(attrs, 0, packet, 20, attrs.length);
        // Message-Authenticator over the packet with the request authenticator in place...
        System.arraycopy(hmac(secret, packet), 0, packet, 22, 16);
        // ...then the Response Authenticator over the finished packet.
        byte[] response = md5(packet, secret);
        System.arraycopy(response, 0, packet, 4, 16);
        return packet;
    }

    static String revealPassword(byte[] hidden, byte[] secret, byte[] authenticator) {
        byte[] plain = new byte[hidden.length];
        byte[] previous = authenticator;
        for (int block = 0; block + 16 <= hidden.length; block += 16) {
            byte[] mask = md5(secret, previous);
            for (int i = 0; i < 16; i++) {
                plain[block + i] = (byte) (hidden[block + i] ^ mask[i]);
            }
            previous = Arrays.copyOfRange(hidden, block, block + 16);
        }
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        return new String(plain, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] md5(byte[] a, byte[] b) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(a);
            md5.update(b);
            return md5.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        udp.close();
    }
}
