package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code service=radius} against a test RADIUS server, plus the RFC 2865 §7.1 example. */
class RadiusCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String SECRET = "Radius-secret-never-logged";
    private static final String USER = "checker";
    private static final String PASSWORD = "Radius-pa55-never-logged";
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final RadiusCheck radius = new RadiusCheck();

    private static CheckTarget target(int port, String user, String password, String secret) {
        return CheckTarget.of("127.0.0.1", port).withTransport(Transport.UDP).withOptions(new RadiusOptions(user, password, secret));
    }

    @Test
    void acceptedCredentialsAreUp() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, SECRET, Map.of(USER, PASSWORD))) {
            assertThat(radius.check(target(server.port(), USER, PASSWORD, SECRET), TIMEOUT))
                    .isEqualTo(CheckResult.up("Access-Accept"));
        }
    }

    @Test
    void requestCarriesHiddenPasswordAndValidMessageAuthenticatorFirst() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, SECRET, Map.of(USER, PASSWORD))) {
            radius.check(target(server.port(), USER, PASSWORD, SECRET), TIMEOUT);

            RadiusResponder.Seen seen = server.seen().getFirst();
            assertThat(seen.user()).isEqualTo(USER);
            assertThat(seen.password()).isEqualTo(PASSWORD);
            assertThat(seen.messageAuthenticatorValid()).isTrue();
            assertThat(seen.attributeTypes()).containsExactly(80, 1, 2, 4, 32);
        }
    }

    @Test
    void rejectedPasswordIsDownWithReplyMessage() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, SECRET, Map.of(USER, PASSWORD))) {
            CheckResult result = radius.check(target(server.port(), USER, "wrong", SECRET), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.down("Access-Reject: bad user or password"));
        }
    }

    @Test
    void replySignedWithAnotherSecretIsDiscardedAndTheTimeoutSaysWhy() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, "another-secret", Map.of(USER, PASSWORD))) {
            Duration timeout = Duration.ofMillis(600);
            long start = System.nanoTime();

            CheckResult result = radius.check(target(server.port(), USER, PASSWORD, SECRET), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down(
                    "timed out after 600ms; discarded a reply: invalid Response Authenticator (wrong secret?)"));
        }
    }

    @Test
    void silentServerIsDownWithinTimeoutAfterRetransmitting() throws Exception {
        try (UdpResponder silent = UdpResponder.silent()) {
            Duration timeout = Duration.ofMillis(1500);
            long start = System.nanoTime();

            CheckResult result = radius.check(target(silent.port(), USER, PASSWORD, SECRET), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 1.5s"));
            assertThat(silent.received()).hasSize(2);
            assertThat(silent.received().get(1)).isEqualTo(silent.received().get(0));
        }
    }

    @Test
    void closedPortIsDown() throws Exception {
        assertThat(radius.check(target(UdpResponder.closedPort(), USER, PASSWORD, SECRET), TIMEOUT))
                .isEqualTo(CheckResult.down("Port unreachable"));
    }

    @Test
    void missingSecretIsDownWithoutSending() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, SECRET, Map.of(USER, PASSWORD))) {
            CheckResult result = radius.check(target(server.port(), USER, PASSWORD, ""), TIMEOUT);

            assertThat(result.up()).isFalse();
            assertThat(result.message()).contains("secret");
            assertThat(server.requestsReceived()).isZero();
        }
    }

    @Test
    void passwordIsHiddenAsInRfc2865Example() {
        byte[] authenticator = HEX.parseHex("0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a");

        byte[] hidden = RadiusPacket.hidePassword("arctangent".getBytes(StandardCharsets.UTF_8),
                "xyzzy5461".getBytes(StandardCharsets.UTF_8), authenticator);

        assertThat(HEX.formatHex(hidden)).isEqualTo("0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee");
    }

    @Test
    void longPasswordIsHiddenInChainedBlocks() {
        byte[] authenticator = new byte[16];
        byte[] secret = "s3cr3t".getBytes(StandardCharsets.UTF_8);
        String password = "a password longer than sixteen bytes";

        byte[] hidden = RadiusPacket.hidePassword(password.getBytes(StandardCharsets.UTF_8), secret, authenticator);

        assertThat(hidden).hasSize(48);
        assertThat(RadiusResponder.revealPassword(hidden, secret, authenticator)).isEqualTo(password);
    }

    @Test
    void rfc2865AccessAcceptHasAValidResponseAuthenticator() throws Exception {
        byte[] accept = HEX.parseHex("02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01"
                + " 0f 06 00 00 00 00 0e 06 c0 a8 01 03");
        byte[] requestAuthenticator = HEX.parseHex("0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a");

        RadiusPacket.Reply reply = RadiusPacket.parseReply(accept, accept.length, 0, requestAuthenticator,
                "xyzzy5461".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.code()).isEqualTo(RadiusPacket.ACCESS_ACCEPT);
    }

    @Test
    void neitherPasswordNorSecretAppearsInAnyMessage() throws Exception {
        try (RadiusResponder server = new RadiusResponder(SECRET, "x", Map.of())) {
            CheckResult result = radius.check(target(server.port(), USER, PASSWORD, SECRET), Duration.ofMillis(300));

            assertThat(result.message()).doesNotContain(PASSWORD).doesNotContain(SECRET);
        }
    }
}
