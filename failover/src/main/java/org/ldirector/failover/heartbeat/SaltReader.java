package org.ldirector.failover.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code authkeys.salt}: the per-installation salt of the cluster key's derivation, one line of at least 32
 * hex digits (16 bytes; {@code head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'} makes one). It is not secret,
 * but every director must have the same file, copied together with authkeys.
 */
public final class SaltReader {

    static final int MIN_HEX_DIGITS = 32;

    private SaltReader() {
    }

    /** The salt in hex (lower case), or empty if the file does not exist. */
    public static Optional<String> read(Path file) throws HeartbeatFileException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new HeartbeatFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.size() != 1) {
            throw new HeartbeatFileException(file + ": expected one line of hex digits (the salt), found "
                    + lines.size());
        }
        String hex = lines.get(0).toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]+") || hex.length() % 2 != 0 || hex.length() < MIN_HEX_DIGITS) {
            throw new HeartbeatFileException(file + ":1: the salt must be an even number of hex digits, at least "
                    + MIN_HEX_DIGITS + " (16 bytes)");
        }
        return Optional.of(hex);
    }
}
