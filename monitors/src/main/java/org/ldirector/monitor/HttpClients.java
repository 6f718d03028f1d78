package org.ldirector.monitor;

import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The OkHttp clients behind {@link HttpCheck}. Every client is derived from one base client with
 * {@code newBuilder()}, so a check creates no thread pool of its own (a per-check client is only a
 * few field copies). Each check uses one of {@value #SHARDS} connection pools and dispatchers,
 * chosen by its target ({@link #shardFor}): OkHttp walks a pool's every connection, in use or not,
 * when it looks for one to reuse, and a dispatcher's running calls when one ends, so one pool for
 * thousands of checks a second (with the hung ones holding their connections until their timeout)
 * made every check pay for all the others.
 *
 * <p>Health-check settings, each for a reason:
 * <ul>
 *   <li>no connection reuse (0 idle connections, {@code Connection: close}): every check proves a
 *       fresh TCP connect, as ldirectord's LWP did;</li>
 *   <li>HTTP/1.1 only: ALPN could otherwise pick h2, and {@code Host} would become {@code :authority};</li>
 *   <li>no retries, no automatic redirects ({@link HttpCheck} follows them itself, LWP-style);</li>
 *   <li>no fast fallback: connects run on the calling (virtual) thread, not on OkHttp's task pool;</li>
 *   <li>never a proxy from system properties: {@code http_proxy} checks set theirs explicitly.</li>
 * </ul>
 */
final class HttpClients {

    static final int SHARDS = 64;

    /** One pool and one dispatcher, shared by the checks of the targets that hash to it. */
    record Shard(ConnectionPool pool, Dispatcher dispatcher) {
    }

    private static final Shard[] SHARD_ARRAY = new Shard[SHARDS];

    static {
        for (int i = 0; i < SHARDS; i++) {
            SHARD_ARRAY[i] = new Shard(new ConnectionPool(0, 1, TimeUnit.SECONDS), new Dispatcher());
        }
    }

    static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .fastFallback(false)
            .protocols(List.of(Protocol.HTTP_1_1))
            .connectionSpecs(List.of(ConnectionSpec.COMPATIBLE_TLS, ConnectionSpec.CLEARTEXT))
            .proxy(Proxy.NO_PROXY)
            .build();

    private HttpClients() {
    }

    /** Connections held by all pools: in use or idle (idle ones are closed at once). */
    static int connectionCount() {
        int n = 0;
        for (Shard shard : SHARD_ARRAY) {
            n += shard.pool().connectionCount();
        }
        return n;
    }

    /** The pool and dispatcher for checks of {@code host:port}. */
    static Shard shardFor(String host, int port) {
        return SHARD_ARRAY[Math.floorMod(31 * host.hashCode() + port, SHARDS)];
    }

    /**
     * TLS that accepts any certificate and any host name: ldirectord's stated intent
     * ({@code verify_hostname => 0}) for backends with self-signed certificates.
     */
    static OkHttpClient trustingAnyCertificate() {
        return TrustAny.CLIENT;
    }

    /**
     * TLS that checks the certificate chain against the JVM's default trust store but not the
     * host name: what ldirectord really does with IO::Socket::SSL 2.x.
     */
    static OkHttpClient verifyingCertificateChain() {
        return VerifyChain.CLIENT;
    }

    private static final class TrustAny {
        static final OkHttpClient CLIENT = withTrustManager(TrustAnyCertificate.INSTANCE);
    }

    private static final class VerifyChain {
        static final OkHttpClient CLIENT = withTrustManager(defaultTrustManager());
    }

    private static OkHttpClient withTrustManager(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return BASE.newBuilder()
                    .sslSocketFactory(context.getSocketFactory(), trustManager)
                    .hostnameVerifier((hostname, session) -> true)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for HTTPS checks", e);
        }
    }

    private static X509TrustManager defaultTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JVM's default TrustManagerFactory has no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's default trust store", e);
        }
    }
}
