package org.ldirector.director.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import org.ldirector.monitor.DnsResponder;
import org.ldirector.monitor.LineServer;
import org.ldirector.monitor.UdpResponder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * Servers for the daemon's checks, on any address: web servers for http, https and http_proxy (the
 * JDK's HTTP server, with TLS on a self-signed certificate for https, and a forward proxy that
 * fetches absolute URLs from their origin server), and the monitors module's peers set up for
 * greeting, simpletcp, sip and dns checks.
 */
final class TestPeers {

    /** Every page's body. */
    static final String PAGE = "Test Page";

    private static final HandshakeCertificates TLS = new HandshakeCertificates.Builder()
            .heldCertificate(new HeldCertificate.Builder().commonName("localhost").build()).build();

    private TestPeers() {
    }

    /**
     * A started web server on a free loopback port answering every path with {@link #PAGE} (200) while
     * {@code healthy} is set and with {@code broken} (500) while it is not: a real that goes down and up.
     */
    static HttpServer switchable(java.util.concurrent.atomic.AtomicBoolean healthy) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            boolean ok = healthy.get();
            byte[] body = (ok ? PAGE : "broken").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 500, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        return server;
    }

    /** A loopback port that was free a moment ago (for a daemon's web= line). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Serves {@link #PAGE} at every path. */
    static Peer.Running http(InetAddress address, int port) throws IOException {
        return running(HttpServer.create(new InetSocketAddress(address, port), 16), TestPeers::page);
    }

    /** Serves {@link #PAGE} at every path over TLS. */
    static Peer.Running https(InetAddress address, int port) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TLS.sslContext()));
        return running(server, TestPeers::page);
    }

    /** A forward proxy: {@code GET http://origin/path} is fetched from the origin and relayed. */
    static Peer.Running proxy(InetAddress address, int port) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return running(HttpServer.create(new InetSocketAddress(address, port), 16), exchange -> {
            URI target = exchange.getRequestURI();
            if (!"http".equals(target.getScheme())) {
                reply(exchange, 400, "not a proxy request: " + target);
                return;
            }
            try {
                HttpResponse<String> origin = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                reply(exchange, origin.statusCode(), origin.body());
            } catch (IOException e) {
                reply(exchange, 502, "origin unreachable: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 502, "interrupted");
            }
        });
    }

    /** Greets with {@code greeting}, answers QUIT (nntp, connect and the external checks' peers). */
    static Peer.Running greeting(InetAddress address, int port, String greeting) throws IOException {
        LineServer s = new LineServer(address, port, greeting, l -> l.equals("QUIT") ? List.of("205 bye") : List.of("500 what?"));
        return new Peer.Running(s.port(), s);
    }

    /** Answers the line {@code PING} with {@code PONG} (simpletcp). */
    static Peer.Running pong(InetAddress address, int port) throws IOException {
        LineServer s = new LineServer(address, port, null, line -> List.of(line.equals("PING") ? "PONG" : "what?"));
        return new Peer.Running(s.port(), s);
    }

    /** Answers every SIP request with {@code 200 OK} over UDP. */
    static Peer.Running sip(InetAddress address, int port) throws IOException {
        UdpResponder u = new UdpResponder(new InetSocketAddress(address, port),
                request -> "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        return new Peer.Running(u.port(), u);
    }

    /** A name server (UDP and TCP) that knows {@code www.example.test} as {@code 127.0.10.1}. */
    static Peer.Running dns(InetAddress address, int port) throws IOException {
        ARecord www = new ARecord(Name.fromString("www.example.test."), DClass.IN, 60, InetAddress.getByName("127.0.10.1"));
        DnsResponder d = new DnsResponder(address, port, List.of(www), false);
        return new Peer.Running(d.port(), d);
    }

    private static Peer.Running running(HttpServer server, HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
        return new Peer.Running(server.getAddress().getPort(), () -> server.stop(0));
    }

    private static void page(HttpExchange exchange) throws IOException {
        reply(exchange, 200, PAGE);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }
}
