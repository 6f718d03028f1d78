package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@link HttpCheckTest} case, run on the event-loop check (same verdicts, same messages),
 * and what only the event-loop check has: the bytes on the wire are OkHttp's, byte for byte, and
 * plain targets really take the event-loop path.
 */
class NonBlockingHttpCheckTest extends HttpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Override
    Monitor monitor() {
        return new NonBlockingHttpCheck();
    }

    @Test
    void requestBytesAreThoseOkHttpSends() throws Exception {
        for (String request : List.of("/", "/index.html", "health", "/a b/ä?x=1&y=z w", "/q?", "HEAD")) {
            for (String method : List.of("GET", "head")) {
                try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
                    CheckTarget target = CheckTarget.of("127.0.0.1", raw.port(), HttpOptions.builder().request(request).httpMethod(method).build());

                    CheckResult viaOkHttp = new HttpCheck(HttpCheck.Service.HTTP).check(target, TIMEOUT);
                    CheckResult viaLoop = new NonBlockingHttpCheck().check(target, TIMEOUT);

                    assertThat(viaLoop).isEqualTo(viaOkHttp).isEqualTo(CheckResult.up("200 OK"));
                    assertThat(raw.requests()).hasSize(2);
                    assertThat(raw.requests().get(1)).as(method + " " + request).isEqualTo(raw.requests().get(0));
                }
            }
        }
    }

    @Test
    void plainTargetsTakeTheEventLoopAndTheRestOkHttp() {
        NonBlockingHttpCheck check = new NonBlockingHttpCheck();
        CheckTarget plain = CheckTarget.of("127.0.0.1", 8080, HttpOptions.builder().request("/index.html").receive("ok").build());

        assertThat(check.requestBytes(plain)).isNotNull();
        assertThat(check.requestBytes(plain.withOptions(HttpOptions.of(plain).toBuilder().virtualHost("www.example.test").build()))).isNull();
        assertThat(check.requestBytes(plain.withOptions(HttpOptions.of(plain).toBuilder().request("http://127.0.0.1:8080/").build()))).isNull();
        assertThat(check.requestBytes(CheckTarget.of("localhost", 8080))).isNull();
        assertThat(check.requestBytes(plain.withOptions(HttpOptions.of(plain).toBuilder().receive("(unclosed").build()))).isNull();
    }

    @Test
    void chunkedBodyIsMatchedAfterDecoding() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nStat\r\n9\r\nus: runni\r\n3\r\nng!\r\n0\r\n\r\n";
        try (RawServer raw = new RawServer(response)) {
            CheckTarget target = CheckTarget.of("127.0.0.1", raw.port());

            assertThat(new NonBlockingHttpCheck().check(target.withOptions(HttpOptions.of(target).toBuilder().receive("^Status: running!$").build()), TIMEOUT))
                    .isEqualTo(new HttpCheck(HttpCheck.Service.HTTP).check(target.withOptions(HttpOptions.of(target).toBuilder().receive("^Status: running!$").build()), TIMEOUT))
                    .isEqualTo(CheckResult.up("200 OK"));
            assertThat(new NonBlockingHttpCheck().check(target.withOptions(HttpOptions.of(target).toBuilder().receive("chunk").build()), TIMEOUT))
                    .isEqualTo(new HttpCheck(HttpCheck.Service.HTTP).check(target.withOptions(HttpOptions.of(target).toBuilder().receive("chunk").build()), TIMEOUT))
                    .isEqualTo(CheckResult.down("Status: running!"));
        }
    }

    @Test
    void shortContentLengthIsTheSameFailureAsOkHttps() throws Exception {
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")) {
            CheckTarget target = CheckTarget.of("127.0.0.1", raw.port(), HttpOptions.builder().receive("this").build());

            assertThat(new NonBlockingHttpCheck().check(target, TIMEOUT))
                    .isEqualTo(new HttpCheck(HttpCheck.Service.HTTP).check(target, TIMEOUT));
        }
    }

    @Test
    void headersAreReadAsOkHttpReadsThem() throws Exception {
        List<String> responses = List.of(
                "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",                       // LF alone
                "HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh: 2\r\n\r\nokay",             // any case; the body cut at 2
                "HTTP/1.1 200 OK\r\n  Content-Length \t:  3 \r\n\r\nnokay",   // blanks around name and value
                "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nContent-Length: 2\r\n\r\nok",   // the last one counts
                "HTTP/1.1 200 OK\r\nno colon here\r\n: empty name\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nX-Content-Length: 1\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 3\r\n\r\n\u00e9ok",
                "HTTP/1.1 200 OK\r\nContent-Type: garbage\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok",                  // no reason phrase
                "HTTP/1.1 200 Fine\r\r\nContent-Length: 2\r\n\r\nok",          // a CR left in the status line
                "HTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nLocation\u00e4: x\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: \u00012\r\n\r\nokay",       // a control character is no blank to OkHttp
                "HTTP/1.1 200 OK\r\nContent-Length:\u00a02\u00a0\r\n\r\nokay"); // nor a no-break space a number
        for (String response : responses) {
            for (String receive : List.of("", "ok", "^\u00e9")) {
                try (RawServer raw = new RawServer(response)) {
                    CheckTarget target = CheckTarget.of("127.0.0.1", raw.port(), HttpOptions.builder().receive(receive).build());

                    assertThat(new NonBlockingHttpCheck().check(target, TIMEOUT)).as(response + " / receive " + receive)
                            .isEqualTo(new HttpCheck(HttpCheck.Service.HTTP).check(target, TIMEOUT));
                }
            }
        }
    }
}
