package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service=sip} against small SIP responders over UDP and TCP. */
class SipCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String LOGIN = "ldirectord@director1";

    private final SipCheck sip = new SipCheck();

    private static UdpResponder answering(String statusLine) throws Exception {
        return new UdpResponder(request -> (statusLine + "\r\nVia: x\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static CheckTarget udp(int port) {
        return CheckTarget.of("127.0.0.1", port).withTransport(Transport.UDP).withOptions(new SipOptions(LOGIN));
    }

    @Test
    void okReplyIsUp() throws Exception {
        try (UdpResponder server = answering("SIP/2.0 200 OK")) {
            assertThat(sip.check(udp(server.port()), TIMEOUT)).isEqualTo(CheckResult.up("SIP/2.0 200 OK"));
        }
    }

    @Test
    void notFoundReplyIsDown() throws Exception {
        try (UdpResponder server = answering("SIP/2.0 404 Not Found")) {
            assertThat(sip.check(udp(server.port()), TIMEOUT)).isEqualTo(CheckResult.down("SIP/2.0 404 Not Found"));
        }
    }

    @Test
    void requestIsLdirectordsOptionsByteForByte() throws Exception {
        try (UdpResponder server = answering("SIP/2.0 200 OK")) {
            sip.check(udp(server.port()), TIMEOUT);

            String request = new String(server.received().getFirst(), StandardCharsets.UTF_8);
            int localPort = server.senders().getFirst().getPort();
            String callId = request.replaceAll("(?s).*\r\nCall-ID: ([0-9a-f]{16})\r\n.*", "$1");
            assertThat(callId).hasSize(16);
            assertThat(request).isEqualTo("OPTIONS sip:" + LOGIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bKhjhs8ass877\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "To: <sip:" + LOGIN + ">\r\n"
                    + "From: <sip:" + LOGIN + ">;tag=1928301774\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 63104 OPTIONS\r\n"
                    + "Contact: <sip:" + LOGIN + ">\r\n"
                    + "Accept: application/sdp\r\n"
                    + "Content-Length: 0\r\n\r\n");
        }
    }

    @Test
    void callIdChangesFromCheckToCheck() {
        assertThat(SipCheck.callId()).matches("[0-9a-f]{16}").isNotEqualTo(SipCheck.callId());
    }

    @Test
    void ipv6ViaIsBracketedAndCompressedLikeInetNtop() throws Exception {
        assertThat(SipCheck.viaHost(InetAddress.getByName("::1"))).isEqualTo("[::1]");
        assertThat(SipCheck.viaHost(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("[2001:db8::1:0:0:1]");
        assertThat(SipCheck.compress((Inet6Address) InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(SipCheck.compress((Inet6Address) InetAddress.getByName("fe80::1%1"))).isEqualTo("fe80::1");
    }

    @Test
    void overTcpOkReplyIsUp() throws Exception {
        try (LineServer server = new LineServer(null, line -> line.isEmpty()
                ? List.of("SIP/2.0 200 OK", "Content-Length: 0", "") : List.of())) {
            CheckTarget target = CheckTarget.of("127.0.0.1", server.port(), new SipOptions(LOGIN));

            assertThat(sip.check(target, TIMEOUT)).isEqualTo(CheckResult.up("SIP/2.0 200 OK"));
            assertThat(server.received().getFirst()).isEqualTo("OPTIONS sip:" + LOGIN + " SIP/2.0");
        }
    }

    @Test
    void overTcpErrorReplyIsDown() throws Exception {
        try (LineServer server = new LineServer(null, line -> line.isEmpty()
                ? List.of("SIP/2.0 503 Service Unavailable", "") : List.of())) {
            CheckTarget target = CheckTarget.of("127.0.0.1", server.port(), new SipOptions(LOGIN));

            assertThat(sip.check(target, TIMEOUT)).isEqualTo(CheckResult.down("SIP/2.0 503 Service Unavailable"));
        }
    }

    @Test
    void closedUdpPortIsDownAtOnce() throws Exception {
        long start = System.nanoTime();

        CheckResult result = sip.check(udp(UdpResponder.closedPort()), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).containsIgnoringCase("unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void silentServerIsDownWithinTimeout() throws Exception {
        try (UdpResponder silent = UdpResponder.silent()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = sip.check(udp(silent.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
            assertThat(silent.received()).hasSize(1);
        }
    }
}
