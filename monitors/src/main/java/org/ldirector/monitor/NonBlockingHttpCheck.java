package org.ldirector.monitor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * {@code service=http} negotiate checks on an {@link ExchangeLoop}: the request {@link HttpCheck}
 * sends, byte for byte (OkHttp's request line and headers in OkHttp's order), on a fresh
 * connection, and the same verdicts and messages, without a thread or an OkHttp call per check.
 * The request bytes, the socket address and the compiled {@code receive} are prepared once per
 * target.
 *
 * <p>Only the plain case runs here: an IP-literal real with a check port, {@code GET} or
 * {@code HEAD}, no {@code virtualhost}, a path (not an absolute URL), a {@code receive} that
 * compiles. Everything else goes to {@link HttpCheck} as before, and so does a response this
 * class does not judge itself: a redirect with a {@code Location} is followed by {@link HttpCheck}
 * from there (as LWP, at most {@value HttpCheck#MAX_REDIRECTS}); a 1xx, a status line or chunk
 * header OkHttp would reject (for its exact message) or a head over 64 KiB make {@link HttpCheck}
 * check again (the real then sees the request twice).
 */
public final class NonBlockingHttpCheck implements AsyncMonitor {

    private final HttpCheck okhttp;
    private final TargetCache<Plan> plans = new TargetCache<>(NonBlockingHttpCheck::planFor);

    /** What one target's checks send and expect; {@code address} null: the target is for {@link HttpCheck}. */
    record Plan(InetSocketAddress address, byte[] request, Pattern receive, boolean head) {
        static final Plan OKHTTP = new Plan(null, null, null, false);
    }

    public NonBlockingHttpCheck() {
        this(new HttpCheck(HttpCheck.Service.HTTP));
    }

    /** @param okhttp the plain {@code http} check that takes what this one leaves */
    public NonBlockingHttpCheck(HttpCheck okhttp) {
        if (okhttp.service() != HttpCheck.Service.HTTP) {
            throw new IllegalArgumentException("only plain http runs on the event loops, not " + okhttp.service());
        }
        this.okhttp = okhttp;
    }

    @Override
    public CompletableFuture<CheckResult> start(CheckTarget target, Duration timeout) {
        Plan plan = plans.get(target);
        if (plan.address() == null) {
            return Handoff.blocking(okhttp, target, timeout);
        }
        OneOff result = new OneOff();
        HttpExchange x = new HttpExchange(result, plan, ByteBuffer.wrap(plan.request()),
                System.nanoTime() + timeout.toNanos(), okhttp, target);
        result.of(x);
        CheckLoops.shared().start(x);
        return result;
    }

    /**
     * Checks of {@code target} scheduled on an event loop, with the request bytes built once; null
     * for a target that {@link HttpCheck} checks (a name, a virtual host, ...).
     */
    @Override
    public RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                                    RecurringCheck.Listener listener) {
        return recurring(target, timeout, interval, listener, null);
    }

    /** As {@link #recurring(CheckTarget, Duration, Duration, RecurringCheck.Listener)}, on {@code loop} (null: the usual one). */
    RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                             RecurringCheck.Listener listener, ExchangeLoop loop) {
        Plan plan = planFor(target);
        if (plan.address() == null) {
            return null;
        }
        ByteBuffer request = ByteBuffer.wrap(plan.request());
        return new RecurringCheck(loop != null ? loop : CheckLoops.forRecurring(plan.address()), timeout, interval, listener,
                (outcome, deadline) -> new HttpExchange(outcome, plan, request.rewind(), deadline, okhttp, target));
    }

    /** The bytes a check of {@code target} sends; null when {@link HttpCheck} checks it. For tests. */
    byte[] requestBytes(CheckTarget target) {
        return plans.get(target).request();
    }

    private static Plan planFor(CheckTarget target) {
        HttpOptions options = HttpOptions.of(target);
        String method = options.httpMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD") || target.port() == 0 || !options.virtualHost().isEmpty()
                || HttpCheck.ABSOLUTE_URL.matcher(options.request()).matches()) {
            return Plan.OKHTTP;
        }
        Receive receive = Receive.of(options.receive());
        if (receive.invalid() != null) {
            return Plan.OKHTTP;
        }
        InetAddress literal;
        try {
            literal = HostLookup.parseLiteral(target.host());
        } catch (UnknownHostException e) {
            return Plan.OKHTTP;
        }
        if (literal == null) {
            return Plan.OKHTTP;
        }
        String path = options.request().startsWith("/") ? options.request().substring(1) : options.request();
        HttpUrl url = HttpUrl.parse("http://" + target.hostForUrl() + ":" + target.port() + "/" + path);
        if (url == null) {
            return Plan.OKHTTP;
        }
        // OkHttp's RequestLine.requestPath, then the headers in the order HttpCheck sets them
        // (BridgeInterceptor adds none of its own when these are present).
        String query = url.encodedQuery();
        String request = method + " " + url.encodedPath() + (query == null ? "" : "?" + query) + " HTTP/1.1\r\n"
                + "User-Agent: " + HttpCheck.USER_AGENT + "\r\n"
                + "Connection: close\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Host: " + target.hostForUrl() + "\r\n"
                + "\r\n";
        return new Plan(new InetSocketAddress(literal, target.port()), request.getBytes(StandardCharsets.UTF_8),
                receive.pattern(), method.equals("HEAD"));
    }
}
