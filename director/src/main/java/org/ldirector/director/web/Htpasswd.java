package org.ldirector.director.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * An htpasswd file with bcrypt entries ({@code user:$2y$05$...}), as Apache's {@code htpasswd -B}
 * writes them. Entries in other formats (MD5 {@code $apr1$}, SHA1, crypt) never match: only bcrypt
 * is accepted.
 */
public final class Htpasswd {

    /** {@code htpasswd -B}'s default cost is 5; we write 10, which the verifier reads from the hash. */
    static final int COST = 10;
    private static final int MAX_PASSWORD_BYTES = 72;

    private final Map<String, String> entries;

    private Htpasswd(Map<String, String> entries) {
        this.entries = entries;
    }

    /** Reads {@code file}; a missing file is empty. */
    public static Htpasswd read(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Htpasswd(m);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#") || colon <= 0) {
                continue;
            }
            m.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return new Htpasswd(m);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@code password} is {@code user}'s; constant work whether or not the user exists. */
    public boolean verify(String user, char[] password) {
        String hash = entries.get(user);
        boolean known = hash != null && isBcrypt(hash);
        // An unknown user still costs one bcrypt run, so timing does not tell which users exist.
        String against = known ? hash : DUMMY;
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PASSWORD_BYTES) {
            return false;
        }
        boolean ok = BCrypt.verifyer().verify(pw, against.getBytes(StandardCharsets.US_ASCII)).verified;
        return known && ok;
    }

    private static final String DUMMY = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(COST, "x".toCharArray());

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$");
    }

    /** Sets (adds or changes) {@code user}'s password and writes the file atomically, mode 0600. */
    public static void setPassword(Path file, String user, char[] password) throws IOException {
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("a user name is printable, without ':' or spaces: " + user);
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("bcrypt uses at most " + MAX_PASSWORD_BYTES + " bytes of a password");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(COST, password);
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        for (String line : lines) {
            if (line.startsWith(user + ":")) {
                out.add(user + ":" + hash);
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(user + ":" + hash);
        }
        Path dir = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        Path tmp = Files.createTempFile(dir, ".htpasswd", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
