package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Monitor http = monitor();
    private MockWebServer server;

    /** The plain-http check under test; {@link NonBlockingHttpCheckTest} runs every test here on its own. */
    Monitor monitor() {
        return new HttpCheck(HttpCheck.Service.HTTP);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CheckTarget real() {
        return CheckTarget.of("127.0.0.1", server.getPort());
    }

    private RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("request reached the server").isNotNull();
        return request;
    }

    @Test
    void okStatusWithoutReceiveIsUpWithStatusLine() {
        server.enqueue(new MockResponse.Builder().code(200).body("hello").build());

        assertThat(http.check(real(), TIMEOUT)).isEqualTo(CheckResult.up("200 OK"));
    }

    @Test
    void requestGoesToRequestPathWithLdirectordHeaders() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());

        http.check(real().withOptions(HttpOptions.builder().request("/health/check.html?x=1").build()), TIMEOUT);

        RecordedRequest request = takeRequest();
        assertThat(request.getRequestLine()).isEqualTo("GET /health/check.html?x=1 HTTP/1.1");
        assertThat(request.getHeaders().get("Host")).isEqualTo("127.0.0.1");
        assertThat(request.getHeaders().get("Connection")).isEqualTo("close");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo(HttpCheck.USER_AGENT).startsWith("ldirector/");
        assertThat(request.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void everyCheckOpensAFreshConnection() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        server.enqueue(new MockResponse.Builder().body("ok").build());

        http.check(real(), TIMEOUT);
        http.check(real(), TIMEOUT);

        assertThat(takeRequest().getExchangeIndex()).isZero();
        assertThat(takeRequest().getExchangeIndex()).isZero();
        assertThat(HttpClients.connectionCount()).isZero();
    }

    @Test
    void receiveRegexMatchIsUp() {
        server.enqueue(new MockResponse.Builder().body("<html><body>Status: running 42</body></html>").build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("running [0-9]+").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.up("200 OK"));
    }

    @Test
    void receiveRegexMismatchIsDownWithBodyAsMessage() {
        server.enqueue(new MockResponse.Builder().body("Status: maintenance\n").build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("running").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("Status: maintenance\n"));
    }

    @Test
    void receiveDotDoesNotCrossNewlineLikePerl() {
        server.enqueue(new MockResponse.Builder().body("state\r\nok").build());

        assertThat(http.check(real().withOptions(HttpOptions.builder().receive("state.ok").build()), TIMEOUT).up()).isFalse();
    }

    @Test
    void invalidReceiveRegexIsDownWithoutRequest() {
        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("(unclosed").build()), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("invalid receive regex");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void serverErrorIsDownWithStatusLine() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 500 Internal Server Error").body("boom").build());

        assertThat(http.check(real(), TIMEOUT)).isEqualTo(CheckResult.down("500 Internal Server Error"));
    }

    @Test
    void missingReasonPhraseIsReplacedByTheStandardOne() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 404 ").build());

        assertThat(http.check(real(), TIMEOUT)).isEqualTo(CheckResult.down("404 Not Found"));
    }

    @Test
    void serverReasonPhraseIsKept() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 503 Back Soon").build());

        assertThat(http.check(real(), TIMEOUT)).isEqualTo(CheckResult.down("503 Back Soon"));
    }

    @Test
    void connectionRefusedIsDownWithCantConnectMessage() throws IOException {
        int port = HangingServer.closedPort();

        CheckResult result = http.check(CheckTarget.of("127.0.0.1", port), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("500 Can't connect to 127.0.0.1:" + port + " (Connection refused)"));
    }

    @Test
    void serverThatClosesWithoutAnsweringIsDown() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getInputStream().read(new byte[1024]);
                } catch (IOException ignored) {
                    // the test only needs the close
                }
            });

            CheckResult result = http.check(CheckTarget.of("127.0.0.1", listener.getLocalPort()), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.down("500 Server closed connection without sending any data back"));
        }
    }

    @Test
    void serverThatAcceptsAndHangsIsDownWithinTimeout() throws IOException {
        try (HangingServer hanging = new HangingServer()) {
            Duration timeout = Duration.ofMillis(800);
            long start = System.nanoTime();

            CheckResult result = http.check(CheckTarget.of("127.0.0.1", hanging.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
            assertThat(result).isEqualTo(CheckResult.down("500 Timeout Alarm"));
            assertThat(hanging.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void slowBodyIsCutOffByWholeExchangeTimeout() {
        server.enqueue(new MockResponse.Builder().body("x".repeat(100) + "running")
                .throttleBody(10, 1, TimeUnit.SECONDS).build());
        Duration timeout = Duration.ofMillis(800);
        long start = System.nanoTime();

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("running").build()), timeout);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(result).isEqualTo(CheckResult.down("500 Timeout Alarm"));
    }

    @Test
    void interruptedCheckReturnsPromptlyAndKeepsInterruptStatus() throws Exception {
        try (HangingServer hanging = new HangingServer()) {
            AtomicReference<CheckResult> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread checker = Thread.ofVirtual().start(() -> {
                result.set(http.check(CheckTarget.of("127.0.0.1", hanging.port()), Duration.ofSeconds(30)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            Thread.sleep(300);
            long start = System.nanoTime();

            checker.interrupt();

            assertThat(checker.join(Duration.ofSeconds(2))).as("returned within 2 s of the interrupt").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(result.get()).isEqualTo(CheckResult.down("interrupted"));
            assertThat(stillInterrupted).isTrue();
        }
    }

    @Test
    void virtualHostIsSentAsHostHeader() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());

        http.check(real().withOptions(HttpOptions.builder().virtualHost("www.example.test").build()), TIMEOUT);

        assertThat(takeRequest().getHeaders().get("Host")).isEqualTo("www.example.test");
    }

    @Test
    void virtualHostWithPortIsSentVerbatim() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());

        http.check(real().withOptions(HttpOptions.builder().virtualHost("www.example.test:8080").build()), TIMEOUT);

        assertThat(takeRequest().getHeaders().get("Host")).isEqualTo("www.example.test:8080");
    }

    @Test
    void headMethodIsSentAndNeedsNoBody() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().code(200).build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().httpMethod("HEAD").build()), TIMEOUT);

        assertThat(takeRequest().getMethod()).isEqualTo("HEAD");
        assertThat(result).isEqualTo(CheckResult.up("200 OK"));
    }

    @Test
    void redirectsAreFollowedUpToSevenHops() throws InterruptedException {
        for (int i = 1; i <= HttpCheck.MAX_REDIRECTS; i++) {
            server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/hop" + i).build());
        }
        server.enqueue(new MockResponse.Builder().body("arrived").build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().virtualHost("www.example.test").receive("arrived").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.up("200 OK"));
        RecordedRequest first = takeRequest();
        for (int i = 1; i <= HttpCheck.MAX_REDIRECTS; i++) {
            RecordedRequest hop = takeRequest();
            assertThat(hop.getTarget()).isEqualTo("/hop" + i);
            assertThat(hop.getHeaders().get("Host")).isEqualTo("www.example.test");
        }
        assertThat(first.getTarget()).isEqualTo("/");
    }

    @Test
    void eighthRedirectIsDownWithRedirectStatus() {
        for (int i = 0; i <= HttpCheck.MAX_REDIRECTS; i++) {
            server.enqueue(new MockResponse.Builder().status("HTTP/1.1 302 Found").setHeader("Location", "/again")
                    .build());
        }

        CheckResult result = http.check(real(), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("302 Found"));
        assertThat(server.getRequestCount()).isEqualTo(HttpCheck.MAX_REDIRECTS + 1);
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFetched() throws IOException {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start(InetAddress.getByName("127.0.0.2"), 0);
            elsewhere.enqueue(new MockResponse.Builder().body("internal secrets").build());
            server.enqueue(new MockResponse.Builder().status("HTTP/1.1 302 Found")
                    .setHeader("Location", "http://127.0.0.2:" + elsewhere.getPort() + "/admin?token=abc").build());

            CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("secrets").build()), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.down(
                    "302 Found (redirect to another host refused: 127.0.0.2:" + elsewhere.getPort() + ")"));
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void aRedirectFromAVirtualHostToAnotherNameIsRefused() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 301 Moved Permanently").setHeader("Location", "http://localhost:" + server.getPort() + "/")
                .build());
        server.enqueue(new MockResponse.Builder().body("ok").build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().virtualHost("www.example.test").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down(
                "301 Moved Permanently (redirect to another host refused: localhost:" + server.getPort() + ")"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRedirectToAnotherPortOfTheSameHostIsFollowed() throws IOException, InterruptedException {
        try (MockWebServer otherPort = new MockWebServer()) {
            otherPort.start(InetAddress.getByName("127.0.0.1"), 0);
            otherPort.enqueue(new MockResponse.Builder().body("moved here").build());
            server.enqueue(new MockResponse.Builder().code(307)
                    .setHeader("Location", "http://127.0.0.1:" + otherPort.getPort() + "/new").build());

            CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("moved here").build()), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.up("200 OK"));
            assertThat(otherPort.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/new");
        }
    }

    @Test
    void redirectKeepsHeadMethod() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", "/moved").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        http.check(real().withOptions(HttpOptions.builder().httpMethod("HEAD").build()), TIMEOUT);

        takeRequest();
        assertThat(takeRequest().getRequestLine()).isEqualTo("HEAD /moved HTTP/1.1");
    }

    @Test
    void absoluteRequestUrlIsFetchedAsIs() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        String url = "http://127.0.0.1:" + server.getPort() + "/elsewhere";

        CheckResult result = http.check(CheckTarget.of("127.0.0.1", 1, HttpOptions.builder().request("/" + url).build()), TIMEOUT);

        assertThat(result.up()).isTrue();
        assertThat(takeRequest().getTarget()).isEqualTo("/elsewhere");
    }

    @Test
    void httpProxyFetchesAbsoluteUrlThroughReal() throws InterruptedException {
        HttpCheck proxyCheck = new HttpCheck(HttpCheck.Service.HTTP_PROXY);
        server.enqueue(new MockResponse.Builder().body("proxied page").build());

        CheckResult result = proxyCheck.check(
                real().withOptions(HttpOptions.builder().request("http://www.example.org/proxytest").receive("proxied").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.up("200 OK"));
        RecordedRequest request = takeRequest();
        assertThat(request.getRequestLine()).isEqualTo("GET http://www.example.org/proxytest HTTP/1.1");
        assertThat(request.getHeaders().get("Host")).isEqualTo("www.example.org");
    }

    @Test
    void httpProxyWithoutAbsoluteUrlIsDown() {
        CheckResult result = new HttpCheck(HttpCheck.Service.HTTP_PROXY).check(real(), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("400 URL must be absolute");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void bodyBeyondOneMebibyteIsNotMatched() {
        String body = "a".repeat(HttpCheck.MAX_BODY_BYTES) + "MARKER";
        server.enqueue(new MockResponse.Builder().body(body).build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("MARKER").build()), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("aaaa").doesNotContain("MARKER")
                .endsWith("... [truncated, " + HttpCheck.MAX_BODY_BYTES + " characters]");
    }

    @Test
    void aOneMebibyteBodyThatMissesReceiveBecomesAMessageOfAtMost512Characters() {
        String body = "<html>" + "b".repeat(HttpCheck.MAX_BODY_BYTES - 13) + "</html>";
        server.enqueue(new MockResponse.Builder().code(200).body(body).build());

        CheckResult result = http.check(real().withOptions(HttpOptions.builder().receive("healthy").build()), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).isEqualTo(body.substring(0, CheckResult.MAX_MESSAGE_CHARS)
                + "... [truncated, " + body.length() + " characters]");
    }

    @Test
    void aMessageIsNotCutInsideASurrogatePair() {
        String text = "x".repeat(CheckResult.MAX_MESSAGE_CHARS - 1) + "\uD83D\uDE00" + "tail";

        assertThat(CheckResult.down(text).message()).isEqualTo("x".repeat(CheckResult.MAX_MESSAGE_CHARS - 1)
                + "... [truncated, " + text.length() + " characters]");
        assertThat(CheckResult.up("200 OK").message()).isEqualTo("200 OK");
    }

    @Test
    void bodyIsDecodedWithItsDeclaredCharset() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                .body(new okio.Buffer().write(new byte[] {'c', 'a', 'f', (byte) 0xE9})).build());

        assertThat(http.check(real().withOptions(HttpOptions.builder().receive("café").build()), TIMEOUT).up()).isTrue();
    }

    @Test
    void portZeroIsDownWithoutConnecting() {
        assertThat(http.check(CheckTarget.of("127.0.0.1", 0), TIMEOUT)).isEqualTo(CheckResult.down("no check port"));
    }

    @Test
    void ipv6LoopbackRealIsCheckedWithBracketedHost() throws Exception {
        InetAddress loopback6 = InetAddress.getByName("::1");
        try (MockWebServer server6 = new MockWebServer()) {
            try {
                server6.start(loopback6, 0);
            } catch (IOException e) {
                assumeTrue(false, "no IPv6 loopback here: " + e);
            }
            server6.enqueue(new MockResponse.Builder().body("v6 ok").build());

            CheckResult result = http.check(CheckTarget.of("::1", server6.getPort(), HttpOptions.builder().receive("v6").build()), TIMEOUT);

            assertThat(result).isEqualTo(CheckResult.up("200 OK"));
            assertThat(server6.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Host")).isEqualTo("[::1]");
        }
    }

    @Test
    void httpsWithSelfSignedCertificateIsUp() {
        useSelfSignedHttps();
        server.enqueue(new MockResponse.Builder().body("secure ok").build());

        CheckResult result = new HttpCheck(HttpCheck.Service.HTTPS).check(real().withOptions(HttpOptions.builder().receive("secure").build()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.up("200 OK"));
    }

    @Test
    void httpsVirtualHostIsSentAsSniAndHostHeader() throws InterruptedException {
        useSelfSignedHttps();
        server.enqueue(new MockResponse.Builder().body("ok").build());

        CheckResult result = new HttpCheck(HttpCheck.Service.HTTPS).check(real().withOptions(HttpOptions.builder().virtualHost("www.example.test").build()),
                TIMEOUT);

        assertThat(result.up()).isTrue();
        RecordedRequest request = takeRequest();
        assertThat(request.getHandshakeServerNames()).containsExactly("www.example.test");
        assertThat(request.getHeaders().get("Host")).isEqualTo("www.example.test");
    }

    @Test
    void httpsWithChainVerificationRejectsSelfSignedCertificate() {
        useSelfSignedHttps();
        server.enqueue(new MockResponse.Builder().body("ok").build());

        CheckResult result = new HttpCheck(HttpCheck.Service.HTTPS, true).check(real(), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("500 Can't connect to 127.0.0.1:" + server.getPort() + " (");
    }

    @Test
    void httpsServerThatNeverHandshakesIsDownWithinTimeout() throws IOException {
        try (HangingServer hanging = new HangingServer()) {
            Duration timeout = Duration.ofMillis(800);
            long start = System.nanoTime();

            CheckResult result = new HttpCheck(HttpCheck.Service.HTTPS)
                    .check(CheckTarget.of("127.0.0.1", hanging.port(), HttpOptions.builder().virtualHost("www.example.test").build()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
            assertThat(result).isEqualTo(CheckResult.down("500 Timeout Alarm"));
        }
    }

    @Test
    void plainHttpToHttpsPortIsDownNotHung() {
        useSelfSignedHttps();
        long start = System.nanoTime();

        CheckResult result = http.check(real(), Duration.ofSeconds(2));

        assertThat(result.up()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private void useSelfSignedHttps() {
        HeldCertificate certificate = new HeldCertificate.Builder()
                .commonName("backend.test")
                .addSubjectAlternativeName("backend.test")
                .build();
        HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
                .heldCertificate(certificate)
                .build();
        server.useHttps(serverCertificates.sslSocketFactory());
    }
}
