package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * {@code <rundir>/ldirectord.<cfgname>.pid}, with ldirectord's liveness rule ({@code ld_init}): a pid counts
 * as running only if {@code /proc/<pid>/cmdline} contains {@code ldirectord}.
 */
public final class PidFile {

    /** What the pid file says. */
    public sealed interface State permits Running, Stale, Absent {
    }

    public record Running(long pid) implements State {
    }

    public record Stale(long pid) implements State {
    }

    public record Absent() implements State {
    }

    private final Path path;
    private final Path proc;

    public PidFile(Path rundir, String cfgName) {
        this(rundir.resolve("ldirectord." + cfgName + ".pid"), Path.of("/proc"));
    }

    PidFile(Path path, Path proc) {
        this.path = path;
        this.proc = proc;
    }

    public Path path() {
        return path;
    }

    public State read() {
        OptionalLong pid = readPid();
        if (pid.isEmpty()) {
            return Files.exists(path) ? new Stale(0) : new Absent();
        }
        return isLdirectord(pid.getAsLong()) ? new Running(pid.getAsLong()) : new Stale(pid.getAsLong());
    }

    private OptionalLong readPid() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    boolean isLdirectord(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains("ldirectord");
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code "<pid>\n"} atomically (a reader never sees a half-written file). */
    public void write(long pid) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + pid);
        Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file only if it still names {@code pid}: never another daemon's (ldirectord bug 3). */
    public void removeIfOwnedBy(long pid) {
        OptionalLong current = readPid();
        if (current.isPresent() && current.getAsLong() == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // nothing more to do at exit
            }
        }
    }
}
