package org.ldirector.failover;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.ldirector.failover.heartbeat.AuthKey;

/**
 * The AES key of the cluster, derived from the authkeys secret with PBKDF2 (HMAC-SHA256). The salt is the
 * installation's random {@code authkeys.salt} (when there is one) with the key number and method, so every node with
 * the same authkeys line and salt file derives the same key, and another installation with the same secret gets
 * another key. Built in memory: no keystore file.
 */
final class ClusterKey {

    private static final int ITERATIONS = 100_000;
    /** Derivation costs ~0.1-1 s; a restarted cluster object (reload, tests) reuses the key. */
    private static final Map<AuthKey, SecretKey> CACHE = new ConcurrentHashMap<>();

    private ClusterKey() {
    }

    static SecretKey derive(AuthKey key) {
        return CACHE.computeIfAbsent(key, ClusterKey::pbkdf2);
    }

    private static SecretKey pbkdf2(AuthKey key) {
        byte[] salt = ("ldirector-failover " + key.id() + " " + key.method() + key.salt().map(h -> " " + h).orElse(""))
                .getBytes(StandardCharsets.UTF_8);
        PBEKeySpec spec = new PBEKeySpec(key.secret().toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(bytes, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
