package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any datagram a RADIUS server sends back is a {@link RadiusPacket.Reply} or an {@link RadiusPacket.InvalidReply}:
 * never another exception. The input is the reply; where it is long enough its Response Authenticator is set to the
 * right one for the request, so that the attribute walk behind that check is fuzzed too. Without
 * {@code JAZZER_FUZZ=1} this replays {@code RadiusPacketFuzzTestInputs/}.
 */
class RadiusPacketFuzzTest {

    private static final byte[] SECRET = "testing123".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTHENTICATOR = new byte[16];

    static {
        Arrays.fill(REQUEST_AUTHENTICATOR, (byte) 0x5a);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reply(byte[] input) {
        byte[] buffer = Arrays.copyOf(input, Math.max(input.length, 4096));   // RadiusCheck's receive buffer
        int identifier = input.length > 1 ? input[1] & 0xff : 0;
        if (input.length >= RadiusPacket.HEADER_LENGTH) {
            int length = ((input[2] & 0xff) << 8) | (input[3] & 0xff);
            if (length >= RadiusPacket.HEADER_LENGTH && length <= input.length) {
                byte[] signed = Arrays.copyOf(input, length);
                System.arraycopy(REQUEST_AUTHENTICATOR, 0, signed, 4, 16);
                System.arraycopy(RadiusPacket.md5(signed, SECRET), 0, buffer, 4, 16);
            }
        }
        try {
            RadiusPacket.Reply reply = RadiusPacket.parseReply(buffer, input.length, identifier,
                    REQUEST_AUTHENTICATOR, SECRET);
            assertThat(reply.describe()).isNotNull();
        } catch (RadiusPacket.InvalidReply e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
