package org.ldirector.monitor;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The part of RADIUS (RFC 2865, RFC 3579 §3.2) an authentication check needs: encoding an
 * Access-Request with a hidden User-Password and a Message-Authenticator, and checking a reply's
 * Response Authenticator (and its Message-Authenticator, when it has one). Small and written out
 * here because no maintained Java RADIUS client is on Maven Central; tested against the RFC 2865
 * §7.1 example.
 */
final class RadiusPacket {

    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCESS_CHALLENGE = 11;

    static final int USER_NAME = 1;
    static final int USER_PASSWORD = 2;
    static final int NAS_IP_ADDRESS = 4;
    static final int REPLY_MESSAGE = 18;
    static final int NAS_IDENTIFIER = 32;
    static final int MESSAGE_AUTHENTICATOR = 80;
    static final int NAS_IPV6_ADDRESS = 95;

    static final int HEADER_LENGTH = 20;
    static final int MAX_PACKET_LENGTH = 4096;
    static final int MAX_PASSWORD_BYTES = 128;

    /** A reply that failed validation: RFC 2865 says to discard it silently; we keep the reason for the message. */
    static final class InvalidReply extends Exception {
        InvalidReply(String message) {
            super(message);
        }
    }

    /** A valid reply: its code and its first Reply-Message, if any. */
    record Reply(int code, String replyMessage) {

        String describe() {
            String name = switch (code) {
                case ACCESS_ACCEPT -> "Access-Accept";
                case ACCESS_REJECT -> "Access-Reject";
                case ACCESS_CHALLENGE -> "Access-Challenge";
                default -> "RADIUS code " + code;
            };
            return replyMessage == null ? name : name + ": " + Failures.printable(replyMessage);
        }
    }

    private RadiusPacket() {
    }

    /**
     * An Access-Request: Message-Authenticator first (the BlastRADIUS advice), User-Name,
     * User-Password, NAS-IP-Address or NAS-IPv6-Address when {@code nasAddress} is known, and
     * NAS-Identifier.
     */
    static byte[] accessRequest(int identifier, byte[] requestAuthenticator, byte[] secret, String user,
                                byte[] password, InetAddress nasAddress, String nasIdentifier) {
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("RADIUS passwords are at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        ByteArrayOutputStream attributes = new ByteArrayOutputStream();
        attribute(attributes, MESSAGE_AUTHENTICATOR, new byte[16]);
        attribute(attributes, USER_NAME, user.getBytes(StandardCharsets.UTF_8));
        attribute(attributes, USER_PASSWORD, hidePassword(password, secret, requestAuthenticator));
        if (nasAddress != null && !nasAddress.isAnyLocalAddress()) {
            attribute(attributes, nasAddress.getAddress().length == 4 ? NAS_IP_ADDRESS : NAS_IPV6_ADDRESS,
                    nasAddress.getAddress());
        }
        attribute(attributes, NAS_IDENTIFIER, nasIdentifier.getBytes(StandardCharsets.UTF_8));
        byte[] packet = packet(ACCESS_REQUEST, identifier, requestAuthenticator, attributes.toByteArray());
        // The Message-Authenticator is an HMAC-MD5 of the whole packet with its own value zeroed.
        System.arraycopy(hmacMd5(secret, packet), 0, packet, HEADER_LENGTH + 2, 16);
        return packet;
    }

    /** RFC 2865 §5.2: pad to 16-byte blocks, XOR each block with MD5(secret + previous cipher block). */
    static byte[] hidePassword(byte[] password, byte[] secret, byte[] requestAuthenticator) {
        int length = Math.max(16, (password.length + 15) / 16 * 16);
        byte[] out = Arrays.copyOf(password, length);
        byte[] previous = requestAuthenticator;
        for (int block = 0; block < length; block += 16) {
            byte[] mask = md5(secret, previous);
            for (int i = 0; i < 16; i++) {
                out[block + i] ^= mask[i];
            }
            previous = Arrays.copyOfRange(out, block, block + 16);
        }
        return out;
    }

    /**
     * Checks a reply to the request with {@code identifier} and {@code requestAuthenticator}: its
     * length, identifier and Response Authenticator (MD5 of code, identifier, length, request
     * authenticator, attributes and secret), and its Message-Authenticator if present.
     */
    static Reply parseReply(byte[] data, int received, int identifier, byte[] requestAuthenticator, byte[] secret)
            throws InvalidReply {
        if (received < HEADER_LENGTH) {
            throw new InvalidReply("reply of " + received + " bytes is too short");
        }
        int length = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        if (length < HEADER_LENGTH || length > received) {
            throw new InvalidReply("reply length field " + length + " does not fit the " + received + " bytes received");
        }
        if ((data[1] & 0xff) != identifier) {
            throw new InvalidReply("reply to another request (identifier " + (data[1] & 0xff) + ")");
        }
        byte[] packet = Arrays.copyOf(data, length);
        byte[] responseAuthenticator = Arrays.copyOfRange(packet, 4, HEADER_LENGTH);
        byte[] signed = packet.clone();
        System.arraycopy(requestAuthenticator, 0, signed, 4, 16);
        if (!MessageDigest.isEqual(md5(signed, secret), responseAuthenticator)) {
            throw new InvalidReply("invalid Response Authenticator (wrong secret?)");
        }
        String replyMessage = null;
        for (int at = HEADER_LENGTH; at < length; ) {
            if (at + 2 > length) {
                throw new InvalidReply("truncated attribute");
            }
            int type = packet[at] & 0xff;
            int attributeLength = packet[at + 1] & 0xff;
            if (attributeLength < 2 || at + attributeLength > length) {
                throw new InvalidReply("malformed attribute " + type);
            }
            if (type == MESSAGE_AUTHENTICATOR) {
                if (attributeLength != 18) {
                    throw new InvalidReply("malformed Message-Authenticator");
                }
                byte[] zeroed = signed.clone();
                Arrays.fill(zeroed, at + 2, at + 18, (byte) 0);
                if (!MessageDigest.isEqual(hmacMd5(secret, zeroed), Arrays.copyOfRange(packet, at + 2, at + 18))) {
                    throw new InvalidReply("invalid Message-Authenticator (wrong secret?)");
                }
            } else if (type == REPLY_MESSAGE && replyMessage == null) {
                replyMessage = new String(packet, at + 2, attributeLength - 2, StandardCharsets.UTF_8);
            }
            at += attributeLength;
        }
        return new Reply(packet[0] & 0xff, replyMessage);
    }

    static byte[] packet(int code, int identifier, byte[] authenticator, byte[] attributes) {
        int length = HEADER_LENGTH + attributes.length;
        if (length > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("RADIUS packet of " + length + " bytes is too long");
        }
        byte[] packet = new byte[length];
        packet[0] = (byte) code;
        packet[1] = (byte) identifier;
        packet[2] = (byte) (length >> 8);
        packet[3] = (byte) length;
        System.arraycopy(authenticator, 0, packet, 4, 16);
        System.arraycopy(attributes, 0, packet, HEADER_LENGTH, attributes.length);
        return packet;
    }

    static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        if (value.length > 253) {
            throw new IllegalArgumentException("RADIUS attribute " + type + " longer than 253 bytes");
        }
        out.write(type);
        out.write(value.length + 2);
        out.writeBytes(value);
    }

    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (byte[] part : parts) {
                md5.update(part);
            }
            return md5.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no MD5, which RADIUS needs", e);
        }
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HMAC-MD5, which RADIUS needs", e);
        }
    }
}
