package org.ldirector.director.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The endpoints: {@code /}, {@code /live}, {@code /status.json}, {@code /metrics},
 * {@code /connections}, {@code /app.js}, {@code /app.css}, {@code /login}, {@code /logout},
 * {@code /action} (the page's forms: session + CSRF token) and {@code /api/*} (HTTP Basic).
 */
final class WebRoutes {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final String COOKIE = "ldirector_session";
    private static final Set<String> REAL_ACTIONS = Set.of("drain", "maintenance", "ready");
    private static final Set<String> CLUSTER_ACTIONS = Set.of("standby", "takeover");

    private final StatusSource source;
    private final Metrics metrics;
    private final WebActions actions;
    private final Logins logins;
    private final boolean https;
    static final java.time.Duration CONNECTIONS_MAX_AGE = java.time.Duration.ofSeconds(2);
    private final Object connectionsLock = new Object();
    private String connectionsText;
    private long connectionsRead;
    private final byte[] js = resource("app.js");
    private final byte[] css = resource("app.css");

    WebRoutes(StatusSource source, Metrics metrics, WebActions actions, Logins logins, boolean https) {
        this.source = source;
        this.metrics = metrics;
        this.actions = actions;
        this.logins = logins;
        this.https = https;
    }

    Reply handle(FullHttpRequest req, String client) {
        // Netty's decoder takes any HTTP/M.N; we speak 1.0 and 1.1 only (RFC 9110: 505).
        if (req.protocolVersion().majorVersion() != 1 || req.protocolVersion().minorVersion() > 1) {
            return Reply.text(505, "HTTP Version Not Supported\n");
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.rawPath();
        HttpMethod m = req.method();
        boolean read = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
        if (path.startsWith("/api/")) {
            return m.equals(HttpMethod.POST) ? api(req, path.substring(5), uri, client)
                    : Reply.result(405, false, "use POST").with("Allow", "POST");
        }
        switch (path) {
            case "/", "/live", "/status.json", "/metrics", "/connections", "/app.js", "/app.css" -> {
                if (!read) {
                    return Reply.text(405, "Method Not Allowed\n").with("Allow", "GET, HEAD");
                }
                return view(req, path, uri);
            }
            case "/login" -> {
                if (read) {
                    return Reply.html(200, Page.login(logins.enabled() ? "" : "Actions are disabled: no webpasswd file."));
                }
                return m.equals(HttpMethod.POST) ? login(req, client) : Reply.text(405, "Method Not Allowed\n").with("Allow", "GET, POST");
            }
            case "/logout", "/action" -> {
                if (!m.equals(HttpMethod.POST)) {
                    return Reply.text(405, "Method Not Allowed\n").with("Allow", "POST");
                }
                return path.equals("/logout") ? logout(req) : pageAction(req, client);
            }
            default -> {
                return Reply.text(404, "Not Found\n");
            }
        }
    }

    private Reply view(FullHttpRequest req, String path, QueryStringDecoder uri) {
        switch (path) {
            case "/app.js" -> {
                return new Reply(200, "text/javascript; charset=utf-8", js, Map.of(), java.time.Duration.ZERO);
            }
            case "/app.css" -> {
                return new Reply(200, "text/css; charset=utf-8", css, Map.of(), java.time.Duration.ZERO);
            }
            case "/metrics" -> {
                try {
                    byte[] body = metrics.render(source.snapshot());
                    return new Reply(200, metrics.contentType(), body, Map.of(), java.time.Duration.ZERO);
                } catch (IOException e) {
                    return Reply.text(500, "cannot render metrics\n");
                }
            }
            case "/status.json" -> {
                return Reply.json(200, StatusJson.render(source.snapshot()));
            }
            default -> {
            }
        }
        String filter = first(uri.parameters(), "filter");
        Optional<Logins.Session> session = session(req);
        if (path.equals("/connections")) {
            return Reply.text(200, filtered(connections(), filter));
        }
        // The kernel's connection table and its statistics are two reads: do them side by side.
        java.util.concurrent.CompletableFuture<String> table = java.util.concurrent.CompletableFuture.supplyAsync(
                this::connections, r -> Thread.ofVirtual().start(r));
        StatusSnapshot snapshot = source.snapshot();
        String connections = filtered(table.join(), filter);
        if (path.equals("/live")) {
            return Reply.html(200, Page.live(snapshot, connections, session));
        }
        return Reply.html(200, Page.full(snapshot, connections, filter, session, logins.enabled(),
                first(uri.parameters(), "notice")));
    }

    /**
     * The kernel's connection table, read at most once per {@link #CONNECTIONS_MAX_AGE} however many
     * pages poll: {@code ipvsadm -Lnc} of a busy director is long, and it changes every instant anyway.
     */
    private String connections() {
        synchronized (connectionsLock) {
            long now = System.nanoTime();
            if (connectionsText != null && now - connectionsRead < CONNECTIONS_MAX_AGE.toNanos()) {
                return connectionsText;
            }
            try {
                connectionsText = source.connectionTable();
            } catch (IOException e) {
                connectionsText = "cannot read the connection table: " + e.getMessage() + "\n";
            }
            connectionsRead = System.nanoTime();
            return connectionsText;
        }
    }

    /** The two header lines, then the entries containing {@code filter}. */
    static String filtered(String table, String filter) {
        if (filter.isEmpty()) {
            return table;
        }
        StringBuilder b = new StringBuilder();
        String[] lines = table.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if ((i < 2 || lines[i].contains(filter)) && !(i == lines.length - 1 && lines[i].isEmpty())) {
                b.append(lines[i]).append('\n');
            }
        }
        return b.toString();
    }

    private Reply api(FullHttpRequest req, String action, QueryStringDecoder uri, String client) {
        if (!REAL_ACTIONS.contains(action) && !CLUSTER_ACTIONS.contains(action)) {
            return Reply.result(404, false, "unknown action");
        }
        if (!logins.enabled()) {
            return Reply.result(403, false, "actions are disabled: no webpasswd file");
        }
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        Optional<String> user = logins.basic(header, client);
        if (user.isEmpty()) {
            Reply r = Reply.result(401, false, "authentication required").with("WWW-Authenticate",
                    "Basic realm=\"ldirector\", charset=\"UTF-8\"");
            return header == null ? r : r.delayed(Logins.FAILURE_DELAY);
        }
        Map<String, List<String>> params = new java.util.HashMap<>(uri.parameters());
        params.putAll(form(req));
        return act(user.get(), action, first(params, "virtual"), first(params, "real"), client);
    }

    private Reply act(String user, String action, String virtual, String real, String client) {
        try {
            String done = CLUSTER_ACTIONS.contains(action) ? actions.cluster(action) : actions.real(action, virtual, real);
            LOG.info("web: {} by {} from {}: {}", action, Logins.printable(user), client, done.strip());
            return Reply.result(200, true, done.strip());
        } catch (IllegalArgumentException e) {
            return Reply.result(400, false, e.getMessage());
        } catch (IllegalStateException e) {
            return Reply.result(409, false, e.getMessage());
        }
    }

    private Reply login(FullHttpRequest req, String client) {
        Map<String, List<String>> f = form(req);
        String user = first(f, "user");
        Optional<String> ok = logins.check(user, first(f, "password").toCharArray(), client);
        if (ok.isEmpty()) {
            return Reply.html(401, Page.login(logins.enabled() ? "Wrong user or password."
                    : "Actions are disabled: no webpasswd file.")).delayed(Logins.FAILURE_DELAY);
        }
        String id = logins.open(ok.get());
        return Reply.text(303, "").with("Location", "/").with("Set-Cookie", COOKIE + "=" + id
                + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
    }

    private Reply logout(FullHttpRequest req) {
        Optional<Logins.Session> s = session(req);
        if (s.isPresent() && s.get().csrf().equals(first(form(req), "csrf"))) {
            logins.close(cookie(req));
        }
        return Reply.text(303, "").with("Location", "/").with("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0");
    }

    private Reply pageAction(FullHttpRequest req, String client) {
        Optional<Logins.Session> s = session(req);
        Map<String, List<String>> f = form(req);
        if (s.isEmpty()) {
            return Reply.html(401, Page.login("Log in first."));
        }
        if (!s.get().csrf().equals(first(f, "csrf"))) {
            return Reply.text(403, "bad or missing CSRF token\n");
        }
        String action = first(f, "action");
        if (!REAL_ACTIONS.contains(action) && !CLUSTER_ACTIONS.contains(action)) {
            return Reply.text(400, "unknown action\n");
        }
        Reply r = act(s.get().user(), action, first(f, "virtual"), first(f, "real"), client);
        String notice = new String(r.body(), StandardCharsets.UTF_8).replaceAll(".*\"message\":\"(.*)\"}\\s*$", "$1");
        return Reply.text(303, "").with("Location", "/?notice=" + java.net.URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }

    private Optional<Logins.Session> session(FullHttpRequest req) {
        return logins.session(cookie(req));
    }

    private static String cookie(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.COOKIE);
        if (h == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(h)) {
            if (c.name().equals(COOKIE)) {
                return c.value();
            }
        }
        return null;
    }

    private static Map<String, List<String>> form(FullHttpRequest req) {
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        return new QueryStringDecoder(req.content().toString(StandardCharsets.UTF_8), false).parameters();
    }

    private static String first(Map<String, List<String>> m, String key) {
        List<String> v = m.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    static String printablePath(String uri) {
        String s = uri.replaceAll("[^\\x21-\\x7e]", "?");
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebRoutes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing /web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
