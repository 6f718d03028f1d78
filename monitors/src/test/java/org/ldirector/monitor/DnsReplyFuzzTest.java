package org.ldirector.monitor;

import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any reply a name server sends to {@link DnsCheck}'s query gets a verdict, in time, with a bounded message: the
 * reply goes through a real loopback socket, UDP or TCP (and a UDP reply with TC set makes the check ask again
 * over TCP, where the same bytes come back), because dnsjava's resolver both parses it and matches it to the query.
 * The reply's first two bytes are set to the query's ID, so that dnsjava does not drop it as someone else's before
 * parsing; over TCP the fuzzer decides whether the reply gets its length prefix. The query is an A, AAAA or PTR
 * question. Without {@code JAZZER_FUZZ=1} this replays {@code DnsReplyFuzzTestInputs/}.
 */
class DnsReplyFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScriptedPeer PEER = ScriptedPeer.open();
    private static final DnsCheck DNS = new DnsCheck();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reply(FuzzedDataProvider data) {
        FuzzVerdict.allowLoopbackOnly();
        CheckTarget base = CheckTarget.of("127.0.0.1", PEER.port());
        CheckTarget target = switch (data.consumeInt(0, 2)) {
            case 0 -> base.withOptions(new RequestOptions("/www.example.com", "192.0.2.1"));
            case 1 -> base.withOptions(new RequestOptions("/www.example.com", "2001:db8::1"));
            default -> base.withOptions(new RequestOptions("/192.0.2.1", "host.example.com"));
        };
        target = target.withTransport(data.consumeBoolean() ? Transport.TCP : Transport.UDP);
        boolean framed = data.consumeBoolean();
        byte[] reply = data.consumeRemainingAsBytes();
        PEER.onUdp(query -> withIdOf(query, reply));
        PEER.onTcp(socket -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] query = new byte[in.readUnsignedShort()];
            in.readFully(query);
            byte[] answer = withIdOf(query, reply);
            if (framed) {
                answer = ByteBuffer.allocate(2 + answer.length).putShort((short) answer.length).put(answer).array();
            }
            socket.getOutputStream().write(answer);
            socket.shutdownOutput();
            ScriptedPeer.drain(socket);
        });
        long start = System.nanoTime();
        FuzzVerdict.check(DNS.check(target, TIMEOUT), start, TIMEOUT);
    }

    private static byte[] withIdOf(byte[] query, byte[] reply) {
        byte[] answer = Arrays.copyOf(reply, reply.length);
        if (answer.length >= 2 && query.length >= 2) {
            answer[0] = query[0];
            answer[1] = query[1];
        }
        return answer;
    }
}
