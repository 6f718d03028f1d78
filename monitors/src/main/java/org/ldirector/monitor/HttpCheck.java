package org.ldirector.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * ldirectord's {@code service=http}, {@code https} and {@code http_proxy} negotiate check
 * ({@code check_http}), on OkHttp.
 *
 * <p>What goes on the wire: {@code GET} or {@code HEAD} of
 * {@code scheme://<real>:<port>/<request without its leading />} over HTTP/1.1 on a fresh
 * connection, with {@code Host:} the virtualhost or else the real's address (no port, IPv6 in
 * brackets), {@code Connection: close}, {@code Accept-Encoding: identity} (the body is matched as
 * sent, like LWP, which asks for no compression) and {@code User-Agent: ldirector/<version>}
 * ({@link #USER_AGENT}). A request that holds an absolute {@code http(s)://} URL (a per-real
 * request) is fetched as is. For {@code http_proxy} the request must be an absolute URL and is
 * fetched through the real server acting as an HTTP proxy.
 *
 * <p>HTTPS: with a virtualhost the URL carries the virtualhost, so SNI (and {@code Host}) name it,
 * while DNS for that name is pinned to the real's address. By default any certificate is accepted
 * and host names are not verified: ldirectord's stated intent ({@code verify_hostname => 0}); a
 * health check asks "is this backend serving?", not "is it who it claims to be?". With
 * {@code verifyCertificateChain} the chain must be trusted by the JVM's default trust store (what
 * ldirectord actually does with IO::Socket::SSL 2.x); the host name is still not verified.
 *
 * <p>UP iff the final status (after following at most {@value #MAX_REDIRECTS} redirects of GET/HEAD,
 * like LWP, but only to the first URL's host: a redirect elsewhere is DOWN) is 2xx and, when {@code receive} is set, the body matches it unanchored (see
 * {@link PerlRegex}; no {@code DOTALL}, as in Perl). At most {@value #MAX_BODY_BYTES} bytes of the
 * body are read and matched. The body is decoded with the charset of its {@code Content-Type},
 * else UTF-8. Messages, as ldirectord's monitorfile: the status line ({@code 200 OK}), the whole body
 * when a 2xx body does not match, {@code 500 Can't connect to host:port (reason)},
 * {@code 500 Timeout Alarm} when the timeout, which covers the whole exchange, runs out.
 */
public final class HttpCheck implements Monitor {

    /** Which ldirectord service this check speaks. */
    public enum Service {
        HTTP("http"), HTTPS("https"), HTTP_PROXY("http");

        private final String scheme;

        Service(String scheme) {
            this.scheme = scheme;
        }

        /** {@code http}, {@code https} or {@code http_proxy}, as in ldirectord.cf. */
        public static Service fromConfigName(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "http" -> HTTP;
                case "https" -> HTTPS;
                case "http_proxy" -> HTTP_PROXY;
                default -> throw new IllegalArgumentException("not an HTTP service: " + name);
            };
        }
    }

    /** LWP's {@code max_redirect}. */
    public static final int MAX_REDIRECTS = 7;
    /** How much of a body is read and matched; the rest is never read. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Sent with every check: {@code ldirector/<version>}. */
    public static final String USER_AGENT = "ldirector/" + version();

    /** A request that is an absolute URL (a per-real request): fetched as is. */
    static final Pattern ABSOLUTE_URL =
            Pattern.compile("/*(https?://.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?");

    private final Service service;
    private final OkHttpClient client;

    /** A check that accepts any server certificate (ldirectord's intent). */
    public HttpCheck(Service service) {
        this(service, false);
    }

    /**
     * @param verifyCertificateChain true: HTTPS certificates must chain to the JVM's default trust
     *                               store (host names are still not verified)
     */
    public HttpCheck(Service service, boolean verifyCertificateChain) {
        this.service = java.util.Objects.requireNonNull(service, "service");
        this.client = verifyCertificateChain
                ? HttpClients.verifyingCertificateChain()
                : HttpClients.trustingAnyCertificate();
    }

    public Service service() {
        return service;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        return check(target, timeout, null, null);
    }

    /**
     * Goes on with a check whose first response, read by {@link NonBlockingHttpCheck}, was
     * {@code statusLine} with {@code Location: location}: follows it as {@link #check} would have,
     * counting that first redirect, within {@code timeout} (what is left of the check's).
     */
    CheckResult followRedirect(CheckTarget target, Duration timeout, String location, String statusLine) {
        return check(target, timeout, location, statusLine);
    }

    private CheckResult check(CheckTarget target, Duration timeout, String location, String statusLine) {
        Deadline deadline = Deadline.after(timeout);
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        HttpOptions options = HttpOptions.of(target);
        String method = options.httpMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return CheckResult.down("httpmethod must be GET or HEAD, not " + options.httpMethod());
        }
        Receive compiled = Receive.of(options.receive());
        if (compiled.invalid() != null) {
            return compiled.invalid();
        }
        Pattern receive = compiled.pattern();
        Route route;
        try {
            route = route(target, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (UnknownHostException e) {
            return CheckResult.down(
                    deadline.expired() ? "500 Timeout Alarm" : "500 Can't connect to " + target.hostForUrl()
                            + ":" + target.port() + " (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            return CheckResult.down(e.getMessage());
        }
        HttpClients.Shard shard = HttpClients.shardFor(target.host(), target.port());
        OkHttpClient perCheck = client.newBuilder()
                .connectionPool(shard.pool())
                .dispatcher(shard.dispatcher())
                .dns(route.dns())
                .proxy(route.proxy())
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .build();
        HttpUrl url = route.url();
        int redirects = 0;
        if (location != null) {
            url = url.resolve(location);
            if (url == null) {
                return CheckResult.down(statusLine); // as an unusable Location read here: the redirect's status
            }
            if (!url.host().equalsIgnoreCase(route.url().host())) {
                // the same rule as for a redirect read here: never to another host
                return CheckResult.down(statusLine + " (redirect to another host refused: " + hostAndPort(url) + ")");
            }
            redirects = 1;
        }
        return exchange(perCheck, route, method, receive, deadline, url, redirects);
    }

    private CheckResult exchange(OkHttpClient perCheck, Route route, String method, Pattern receive,
                                 Deadline deadline, HttpUrl first, int redirectsBefore) {
        HttpUrl url = first;
        for (int redirects = redirectsBefore; ; redirects++) {
            long remaining = deadline.remainingNanos();
            if (remaining == 0) {
                return CheckResult.down("500 Timeout Alarm");
            }
            Request request;
            try {
                Request.Builder builder = new Request.Builder()
                        .url(url)
                        .method(method, null)
                        .header("User-Agent", USER_AGENT)
                        .header("Connection", "close")
                        .header("Accept-Encoding", "identity");
                if (route.hostHeader() != null && sameOrigin(url, route.url())) {
                    builder.header("Host", route.hostHeader());
                }
                request = builder.build();
            } catch (IllegalArgumentException e) {
                return CheckResult.down("400 " + e.getMessage());
            }
            Call call = perCheck.newCall(request);
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                if (isRedirect(response.code()) && redirects < MAX_REDIRECTS) {
                    String location = response.header("Location");
                    HttpUrl next = location == null ? null : url.resolve(location);
                    if (next != null && !next.host().equalsIgnoreCase(route.url().host())) {
                        // A backend must not make the director fetch other (internal) URLs; the target is not
                        // logged whole, its path and query may carry a token.
                        return CheckResult.down(StatusLine.of(response.code(), response.message())
                                + " (redirect to another host refused: " + hostAndPort(next) + ")");
                    }
                    if (next != null) {
                        url = next;
                        continue;
                    }
                }
                return evaluate(response, receive);
            } catch (IOException | RuntimeException e) {
                // RuntimeException: whatever OkHttp or a TLS provider throws must still be a DOWN result.
                return failure(e, url, route.proxy(), deadline);
            }
        }
    }

    private static CheckResult evaluate(Response response, Pattern receive) throws IOException {
        String statusLine = StatusLine.of(response.code(), response.message());
        if (!response.isSuccessful()) {
            return CheckResult.down(statusLine);
        }
        if (receive == null) {
            return CheckResult.up(statusLine);
        }
        String body = readBody(response.body());
        return receive.matcher(body).find() ? CheckResult.up(statusLine) : CheckResult.down(body);
    }

    private static String readBody(ResponseBody body) throws IOException {
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(MAX_BODY_BYTES), charset);
        }
    }

    private static CheckResult failure(Exception e, HttpUrl url, Proxy proxy, Deadline deadline) {
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        if (deadline.expired() || e instanceof InterruptedIOException) {
            // Covers OkHttp's call timeout ("timeout") and socket timeouts alike: LWP's alarm text.
            return CheckResult.down("500 Timeout Alarm");
        }
        String reason = rootMessage(e);
        if (e instanceof java.net.ConnectException || e instanceof UnknownHostException
                || e instanceof javax.net.ssl.SSLException || e instanceof java.net.NoRouteToHostException) {
            return CheckResult.down("500 Can't connect to " + connectTarget(url, proxy) + " (" + printable(reason) + ")");
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("unexpected end of stream")) {
            return CheckResult.down("500 Server closed connection without sending any data back");
        }
        return CheckResult.down("500 " + printable(reason));
    }

    /** Exception texts may quote what a non-HTTP peer sent (TLS records, binary): keep the log readable. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage() == null ? root.getClass().getSimpleName() : e.getMessage();
        }
        return message;
    }

    private static String connectTarget(HttpUrl url, Proxy proxy) {
        if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress a) {
            String host = a.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return hostAndPort(url);
    }

    private static String hostAndPort(HttpUrl url) {
        String host = url.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + url.port();
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    /**
     * Where the first request goes and how. Throws {@link IllegalArgumentException} with the DOWN
     * message when the target cannot be checked at all.
     */
    private Route route(CheckTarget target, Deadline deadline) throws UnknownHostException, InterruptedException {
        HttpOptions options = HttpOptions.of(target);
        Matcher absolute = ABSOLUTE_URL.matcher(options.request());
        String vhost = options.virtualHost();
        String hostHeader = vhost.isEmpty() ? null : vhost;
        if (service == Service.HTTP_PROXY) {
            if (!absolute.matches()) {
                throw new IllegalArgumentException("400 URL must be absolute (http_proxy needs request=\"http://...\")");
            }
            requirePort(target);
            InetAddress proxyAddress = HostLookup.resolve(target.host(), deadline);
            Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxyAddress, target.port()));
            return new Route(parse(absolute.group(1)), proxy, new PinnedDns(null, null, deadline), hostHeader);
        }
        if (absolute.matches()) {
            return new Route(parse(absolute.group(1)), Proxy.NO_PROXY, new PinnedDns(null, null, deadline), hostHeader);
        }
        requirePort(target);
        InetAddress real = HostLookup.resolve(target.host(), deadline);
        String vhostName = hostPart(vhost);
        boolean vhostInUrl = !vhostName.isEmpty() && !HostLookup.isLiteral(vhostName)
                && DNS_NAME.matcher(vhostName).matches();
        String urlHost = vhostInUrl ? vhostName : target.host();
        String path = options.request().startsWith("/") ? options.request().substring(1) : options.request();
        HttpUrl url = parse(service.scheme + "://" + (urlHost.indexOf(':') >= 0 ? "[" + urlHost + "]" : urlHost)
                + ":" + target.port() + "/" + path);
        String pinnedName = HostLookup.isLiteral(urlHost) ? null : urlHost;
        return new Route(url, Proxy.NO_PROXY, new PinnedDns(pinnedName, real, deadline),
                hostHeader != null ? hostHeader : target.hostForUrl());
    }

    private static void requirePort(CheckTarget target) {
        if (target.port() == 0) {
            throw new IllegalArgumentException("no check port");
        }
    }

    private static HttpUrl parse(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("400 URL must be absolute: " + url);
        }
        return parsed;
    }

    /** {@code www.example.com:8080} → {@code www.example.com}; bracketed IPv6 stays as it is. */
    private static String hostPart(String vhost) {
        int colon = vhost.indexOf(':');
        if (vhost.startsWith("[") || colon < 0 || vhost.indexOf(':', colon + 1) >= 0) {
            return vhost;
        }
        return vhost.substring(0, colon);
    }

    private static String version() {
        try (InputStream in = HttpCheck.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            // fall through: the version is cosmetic
        }
        return "dev";
    }

    /**
     * @param url        the first URL to fetch
     * @param proxy      {@link Proxy#NO_PROXY}, or the real server for {@code http_proxy}
     * @param dns        resolves within the deadline; pins the virtualhost name to the real
     * @param hostHeader explicit {@code Host} for requests to the first URL's origin; null = OkHttp's
     */
    private record Route(HttpUrl url, Proxy proxy, Dns dns, String hostHeader) {
    }

    /**
     * DNS that answers the pinned name with the real's address and bounds every other lookup. A
     * class, not a record: OkHttp hashes it into every connection's address, identity is right.
     */
    private static final class PinnedDns implements Dns {
        private final String pinnedName;
        private final InetAddress pinned;
        private final Deadline deadline;

        PinnedDns(String pinnedName, InetAddress pinned, Deadline deadline) {
            this.pinnedName = pinnedName;
            this.pinned = pinned;
            this.deadline = deadline;
        }

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            if (pinnedName != null && pinnedName.equalsIgnoreCase(hostname)) {
                return List.of(pinned);
            }
            try {
                return HostLookup.resolveAll(hostname, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(hostname + ": interrupted");
            }
        }
    }
}
