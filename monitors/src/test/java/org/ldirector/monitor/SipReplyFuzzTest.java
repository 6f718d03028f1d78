package org.ldirector.monitor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any reply a SIP server sends to {@link SipCheck}'s OPTIONS, as one UDP datagram or as a TCP stream, gets a
 * verdict, in time, with a bounded message (the reply's first line, however long, is what the message quotes).
 * Without {@code JAZZER_FUZZ=1} this replays {@code SipReplyFuzzTestInputs/}.
 */
class SipReplyFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScriptedPeer PEER = ScriptedPeer.open();
    private static final SipCheck SIP = new SipCheck();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reply(FuzzedDataProvider data) {
        FuzzVerdict.allowLoopbackOnly();
        Transport transport = data.consumeBoolean() ? Transport.TCP : Transport.UDP;
        byte[] reply = data.consumeRemainingAsBytes();
        PEER.onUdp(request -> reply);
        PEER.onTcp(ScriptedPeer.sendThenDrain(reply));
        CheckTarget target = CheckTarget.of("127.0.0.1", PEER.port()).withTransport(transport)
                .withOptions(new SipOptions("ldirectord@director"));
        long start = System.nanoTime();
        FuzzVerdict.check(SIP.check(target, TIMEOUT), start, TIMEOUT);
    }
}
