package org.ldirector.director.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Who may act: HTTP Basic against the {@code webpasswd} file for the API, and sessions with a CSRF
 * token for the page. Without a {@code webpasswd} file nobody may. A failed login is logged with
 * the user and the client's address (never the password); the caller delays its reply by
 * {@link #FAILURE_DELAY}.
 */
final class Logins {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 1000;

    record Session(String user, String csrf, Instant expires) {
    }

    private final Optional<Path> file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private Htpasswd passwords;
    private FileTime loaded;

    Logins(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    boolean enabled() {
        return file.isPresent();
    }

    /** The user of a valid {@code Authorization: Basic} header, or empty (logged as a failed login when one was given). */
    Optional<String> basic(String header, String client) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            LOG.info("web: failed login from {}: malformed credentials", client);
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            LOG.info("web: failed login from {}: malformed credentials", client);
            return Optional.empty();
        }
        return check(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), client);
    }

    /** Checks a user and password; logs a failure with the user and address. */
    Optional<String> check(String user, char[] password, String client) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        boolean ok;
        try {
            ok = passwords().verify(user, password);
        } catch (IOException e) {
            LOG.info("web: cannot read {}: {}", file.get(), e.getMessage());
            ok = false;
        }
        if (!ok) {
            LOG.info("web: failed login for user {} from {}", printable(user), client);
            return Optional.empty();
        }
        return Optional.of(user);
    }

    private synchronized Htpasswd passwords() throws IOException {
        FileTime m = Files.exists(file.get()) ? Files.getLastModifiedTime(file.get()) : null;
        if (passwords == null || m == null || !m.equals(loaded)) {
            passwords = Htpasswd.read(file.get());
            loaded = m;
        }
        return passwords;
    }

    /** A new session for {@code user}; returns its id. */
    String open(String user) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expires().isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<String> it = sessions.keySet().iterator();
            it.next();
            it.remove();
        }
        String id = token();
        sessions.put(id, new Session(user, token(), now.plus(SESSION_LIFETIME)));
        return id;
    }

    Optional<Session> session(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null || s.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private String token() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A user name as the log shows it: printable, short. */
    static String printable(String user) {
        String s = user.replaceAll("[^\\x21-\\x7e]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
