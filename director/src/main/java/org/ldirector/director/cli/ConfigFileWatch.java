package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ldirectord's {@code check_cfgfile} (mtime first, then the MD5 digest), looked at once per check interval, with one
 * difference: a new content counts only once the file is the same (digest and mtime) at two looks in a row, i.e.
 * unchanged for one check interval. ldirectord reloads the first content it sees, and a file caught half-written by an editor or a
 * deployment tool then purges the virtual services it does not (yet) contain.
 */
final class ConfigFileWatch {

    private final Path file;
    private FileTime lastMtime;
    private String lastDigest;
    /** A content seen at the previous look that differs from the running one, and its mtime; null when there is none. */
    private String pendingDigest;
    private FileTime pendingMtime;

    ConfigFileWatch(Path file, String runningDigest) {
        this.file = file;
        this.lastDigest = runningDigest;
        this.lastMtime = mtime();
    }

    /** One look; true when the file has a new content that it already had at the previous look. */
    boolean changedAndSettled() {
        FileTime m = mtime();
        if (m == null || (m.equals(lastMtime) && pendingDigest == null)) {
            return false;
        }
        lastMtime = m;
        String digest;
        try {
            digest = digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        }
        if (digest.equals(lastDigest)) {
            pendingDigest = null; // touched, or changed back
            return false;
        }
        if (!digest.equals(pendingDigest) || !m.equals(pendingMtime)) {
            // new, or still being written (or rewritten since): look again after one interval
            pendingDigest = digest;
            pendingMtime = m;
            return false;
        }
        pendingDigest = null;
        lastDigest = digest;
        return true;
    }

    /** The daemon now runs the content with {@code digest} (a reload by signal read the file). */
    void running(String digest) {
        lastDigest = digest;
        lastMtime = mtime();
        pendingDigest = null;
    }

    private FileTime mtime() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Hex MD5 of the file's bytes, as ldirectord's autoreload compares. */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
