package org.ldirector.failover.heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads authkeys: {@code auth N} and lines {@code N sha1|md5 secret}. Like Heartbeat, refuses a file that its group or
 * others may access (mode 600 is required). {@code crc} is refused: it has no secret, so it would let anyone in.
 */
public final class AuthKeysReader {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private AuthKeysReader() {
    }

    public static AuthKey read(Path file) throws HeartbeatFileException {
        checkMode(file);
        Map<Integer, AuthKey> keys = new HashMap<>();
        Integer auth = null;
        int authLine = 0;
        for (HeartbeatLines.Line line : HeartbeatLines.read(file, "authkeys")) {
            List<String> w = line.words();
            if (w.get(0).equals("auth")) {
                if (w.size() != 2 || !w.get(1).matches("\\d{1,2}")) {
                    throw HeartbeatFileException.at(file, line.number(), "expected 'auth <key number>'");
                }
                if (auth != null) {
                    throw HeartbeatFileException.at(file, line.number(), "a second auth line (the first is on line "
                            + authLine + ")");
                }
                auth = Integer.parseInt(w.get(1));
                authLine = line.number();
                continue;
            }
            if (!w.get(0).matches("\\d{1,2}") || Integer.parseInt(w.get(0)) < 1 || Integer.parseInt(w.get(0)) > 15) {
                throw HeartbeatFileException.at(file, line.number(),
                        "expected 'auth N' or a key line 'N sha1|md5 secret' with N from 1 to 15, not '" + w.get(0) + "'");
            }
            int id = Integer.parseInt(w.get(0));
            String method = w.size() > 1 ? w.get(1).toLowerCase(Locale.ROOT) : "";
            switch (method) {
                case "sha1", "md5" -> {
                    if (w.size() < 3) {
                        throw HeartbeatFileException.at(file, line.number(), "key " + id + " (" + method
                                + ") has no secret");
                    }
                }
                case "crc" -> throw HeartbeatFileException.at(file, line.number(), "key " + id
                        + " uses crc, which has no secret and authenticates nothing; use sha1 with a secret");
                default -> throw HeartbeatFileException.at(file, line.number(), "key " + id
                        + ": unknown method '" + method + "' (expected sha1 or md5)");
            }
            String secret = String.join(" ", w.subList(2, w.size()));
            if (keys.putIfAbsent(id, new AuthKey(id, method, secret)) != null) {
                throw HeartbeatFileException.at(file, line.number(), "key " + id + " is defined twice");
            }
        }
        if (auth == null) {
            throw new HeartbeatFileException(file + ": no 'auth N' line: name the key to use");
        }
        AuthKey key = keys.get(auth);
        if (key == null) {
            throw HeartbeatFileException.at(file, authLine, "auth " + auth + ": there is no key " + auth);
        }
        return key;
    }

    private static void checkMode(Path file) throws HeartbeatFileException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            throw new HeartbeatFileException(file + ": cannot read the authkeys file: " + e.getMessage(), e);
        }
        if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new HeartbeatFileException(file + ": mode is " + PosixFilePermissions.toString(perms)
                    + "; authkeys holds the cluster secret and must be mode 600 (chmod 600 " + file + "), as Heartbeat"
                    + " requires");
        }
    }
}
