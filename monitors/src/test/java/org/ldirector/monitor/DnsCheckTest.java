package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * {@code service=dns} against a dnsjava-built name server on 127.0.0.1 (UDP and TCP). The records
 * hold loopback and unique-local addresses: they are data only, nothing is ever sent to them.
 */
class DnsCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static DnsResponder server;

    private final DnsCheck dns = new DnsCheck();

    @BeforeAll
    static void startServer() throws Exception {
        server = new DnsResponder(zone(), false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static List<Record> zone() throws Exception {
        Name www = Name.fromString("www.example.test.");
        InetAddress v4 = InetAddress.getByName("127.0.10.1");
        InetAddress v6 = InetAddress.getByName("fd00:10::1");
        return List.of(
                new ARecord(www, DClass.IN, 60, v4),
                new AAAARecord(www, DClass.IN, 60, v6),
                new PTRRecord(ReverseMap.fromAddress(v4), DClass.IN, 60, www),
                new PTRRecord(ReverseMap.fromAddress(v6), DClass.IN, 60, www));
    }

    private static CheckTarget query(String request, String receive) {
        return CheckTarget.of("127.0.0.1", server.port()).withTransport(Transport.UDP)
                .withOptions(new RequestOptions(request, receive));
    }

    @Test
    void aRecordEqualToReceiveIsSuccess() {
        assertThat(dns.check(query("/www.example.test", "127.0.10.1"), TIMEOUT)).isEqualTo(CheckResult.up("Success"));
    }

    @Test
    void aRecordWithAnotherAddressIsResponseMismatch() {
        assertThat(dns.check(query("/www.example.test", "127.0.10.2"), TIMEOUT))
                .isEqualTo(CheckResult.down("Response mismatch"));
    }

    @Test
    void ipv6ReceiveAsksForAaaaAndComparesAddresses() {
        assertThat(dns.check(query("/www.example.test", "fd00:10:0:0::1"), TIMEOUT)).isEqualTo(CheckResult.up("Success"));
        assertThat(server.asked().getLast().question().getType()).isEqualTo(Type.AAAA);
    }

    @Test
    void ipLiteralRequestIsAskedAsPtr() {
        assertThat(dns.check(query("/127.0.10.1", "www.example.test"), TIMEOUT)).isEqualTo(CheckResult.up("Success"));
        assertThat(server.asked().getLast().question().getType()).isEqualTo(Type.PTR);
    }

    @Test
    void ptrTargetIsComparedIgnoringCaseAndTrailingDot() {
        assertThat(dns.check(query("/fd00:10::1", "WWW.Example.Test."), TIMEOUT).up()).isTrue();
    }

    @Test
    void ptrWithAnotherNameIsResponseMismatch() {
        assertThat(dns.check(query("/127.0.10.1", "mail.example.test"), TIMEOUT))
                .isEqualTo(CheckResult.down("Response mismatch"));
    }

    @Test
    void unknownNameIsDownWithNxdomain() {
        assertThat(dns.check(query("/nothing.example.test", "127.0.10.1"), TIMEOUT))
                .isEqualTo(CheckResult.down("no answer: NXDOMAIN"));
    }

    @Test
    void nameIsAskedAsGivenWithoutSearchDomains() {
        dns.check(query("/www", "127.0.10.1"), TIMEOUT);

        assertThat(server.asked().getLast().question().getName().toString()).isEqualTo("www.");
    }

    @Test
    void emptyReceiveIsDownWithoutAQuery() {
        int before = server.asked().size();

        assertThat(dns.check(query("/www.example.test", ""), TIMEOUT)).isEqualTo(CheckResult.down(DnsCheck.EMPTY_RECEIVE));
        assertThat(server.asked()).hasSize(before);
    }

    @Test
    void tcpVirtualServiceAsksOverTcp() {
        CheckTarget target = query("/www.example.test", "127.0.10.1").withTransport(Transport.TCP);

        assertThat(dns.check(target, TIMEOUT)).isEqualTo(CheckResult.up("Success"));
        assertThat(server.asked().getLast().transport()).isEqualTo("tcp");
    }

    @Test
    void truncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        try (DnsResponder truncating = new DnsResponder(zone(), true)) {
            CheckTarget target = CheckTarget.of("127.0.0.1", truncating.port()).withTransport(Transport.UDP)
                    .withOptions(new RequestOptions("/www.example.test", "127.0.10.1"));

            assertThat(dns.check(target, TIMEOUT)).isEqualTo(CheckResult.up("Success"));
            assertThat(truncating.asked()).extracting(DnsResponder.Asked::transport).containsExactly("udp", "tcp");
        }
    }

    @Test
    void silentServerIsConnectionTimedOutWithinTimeout() throws Exception {
        try (UdpResponder silent = UdpResponder.silent()) {
            Duration timeout = Duration.ofMillis(500);
            CheckTarget target = CheckTarget.of("127.0.0.1", silent.port()).withTransport(Transport.UDP)
                    .withOptions(new RequestOptions("/www.example.test", "127.0.10.1"));
            long start = System.nanoTime();

            CheckResult result = dns.check(target, timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("Connection timed out"));
        }
    }

    @Test
    void closedUdpPortIsDownWithinTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(800);
        CheckTarget target = CheckTarget.of("127.0.0.1", UdpResponder.closedPort()).withTransport(Transport.UDP)
                .withOptions(new RequestOptions("/www.example.test", "127.0.10.1"));
        long start = System.nanoTime();

        CheckResult result = dns.check(target, timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
        assertThat(result.up()).isFalse();
    }

    @Test
    void closedTcpPortIsConnectionRefused() throws Exception {
        CheckTarget target = CheckTarget.of("127.0.0.1", HangingServer.closedPort())
                .withOptions(new RequestOptions("/www.example.test", "127.0.10.1"));

        CheckResult result = dns.check(target, TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("refused");
    }
}
