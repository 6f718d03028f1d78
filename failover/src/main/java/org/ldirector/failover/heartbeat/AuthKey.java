package org.ldirector.failover.heartbeat;

import java.util.Objects;
import java.util.Optional;

/**
 * The authkeys key in force ({@code auth N} and its {@code N sha1|md5 secret} line), and the installation's salt
 * from {@code authkeys.salt} beside it (hex; empty: the built-in salt). The secret keys the cluster's encryption;
 * {@link #toString()} never shows it.
 */
public record AuthKey(int id, String method, String secret, Optional<String> salt) {

    public AuthKey {
        Objects.requireNonNull(salt);
    }

    public AuthKey(int id, String method, String secret) {
        this(id, method, secret, Optional.empty());
    }

    public AuthKey withSalt(String hex) {
        return new AuthKey(id, method, secret, Optional.of(hex));
    }

    @Override
    public String toString() {
        return "AuthKey[id=" + id + ", method=" + method + ", secret=********, salt="
                + (salt.isPresent() ? "authkeys.salt" : "built-in") + "]";
    }
}
