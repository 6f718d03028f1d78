package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes an HTTP backend answers with get a verdict, in time, with a bounded message, and make the check fetch
 * nothing but the backend's own host: the event loop's parser ({@link HttpExchange}: status line, headers,
 * identity/Content-Length/chunked body, the receive match; fed in slices of a fuzzed size) and OkHttp's
 * ({@link HttpCheck}, through a real loopback connection, following redirects). When {@link HttpExchange} hands a
 * response on to {@link HttpCheck}, the hand-off really runs against a peer that answers the same bytes. Without
 * {@code JAZZER_FUZZ=1} this replays {@code HttpResponseFuzzTestInputs/}.
 */
class HttpResponseFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScriptedPeer PEER = ScriptedPeer.open();
    private static final HttpCheck OKHTTP = new HttpCheck(HttpCheck.Service.HTTP);

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void eventLoop(FuzzedDataProvider data) throws Exception {
        FuzzVerdict.allowLoopbackOnly();
        CheckTarget target = target(data);
        int slice = data.consumeInt(1, 4096);
        byte[] response = data.consumeRemainingAsBytes();
        PEER.onTcp(ScriptedPeer.sendThenDrain(response));
        long start = System.nanoTime();
        CheckResult result = exchange(target, response, slice, start);
        FuzzVerdict.check(result, start, TIMEOUT);
        assertThat(result).isNotSameAs(Exchange.HANDED_OFF);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void okhttp(FuzzedDataProvider data) {
        FuzzVerdict.allowLoopbackOnly();
        CheckTarget target = target(data);
        PEER.onTcp(ScriptedPeer.sendThenDrain(data.consumeRemainingAsBytes()));
        long start = System.nanoTime();
        FuzzVerdict.check(OKHTTP.check(target, TIMEOUT), start, TIMEOUT);
    }

    /** GET or HEAD, with a receive regex or without: the first two bytes. */
    private static CheckTarget target(FuzzedDataProvider data) {
        boolean receive = data.consumeBoolean();
        boolean head = data.consumeBoolean();
        return CheckTarget.of("127.0.0.1", PEER.port(), HttpOptions.builder().request("/check.html").receive(receive ? "o+k" : "").httpMethod(head ? "HEAD" : "GET").build());
    }

    /** What the event loop makes of {@code response} arriving in slices, then the end of the stream. */
    private static CheckResult exchange(CheckTarget target, byte[] response, int slice, long start) throws Exception {
        Receive receive = Receive.of(HttpOptions.of(target).receive());
        NonBlockingHttpCheck.Plan plan = new NonBlockingHttpCheck.Plan(
                new InetSocketAddress(InetAddress.getByName(target.host()), target.port()), new byte[0],
                receive.pattern(), HttpOptions.of(target).httpMethod().equals("HEAD"));
        OneOff handedOff = new OneOff(); // completed by the OkHttp thread if the exchange hands the check off
        HttpExchange exchange = new HttpExchange(handedOff, plan, ByteBuffer.wrap(plan.request()),
                start + TIMEOUT.toNanos(), OKHTTP, target);
        handedOff.of(exchange);
        CheckResult result = exchange.connected();
        for (int off = 0; result == null && off < response.length; off += slice) {
            result = exchange.received(ByteBuffer.wrap(response, off, Math.min(slice, response.length - off)));
        }
        if (result == null) {
            result = exchange.ended();
        }
        if (result == Exchange.HANDED_OFF) {
            result = handedOff.get(TIMEOUT.plus(FuzzVerdict.SLACK).toMillis(), TimeUnit.MILLISECONDS);
        }
        return result;
    }
}
