package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code <rundir>/ldirectord.<cfgname>.pid}. ldirectord's liveness rule ({@code ld_init}) counts a pid as running
 * when {@code /proc/<pid>/cmdline} merely contains {@code ldirectord}, which a reused pid easily satisfies
 * ({@code tail -f /var/log/ldirectord.log}, or the daemon of another configuration). Here a pid counts only if its
 * command line is our daemon ({@link Main}) started for this very cfgname; anything else is a stale pid file and is
 * never signalled (docs/compatibility.md).
 */
public final class PidFile {

    /** The commands whose process is (or becomes, after detaching) the daemon. */
    private static final Set<String> DAEMON_COMMANDS = Set.of("start", "restart", "try-restart");

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
    private final String cfgName;
    private final Path proc;

    public PidFile(Path rundir, String cfgName) {
        this(rundir.resolve("ldirectord." + cfgName + ".pid"), cfgName, Path.of("/proc"));
    }

    PidFile(Path path, String cfgName, Path proc) {
        this.path = path;
        this.cfgName = cfgName;
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
        return isOurDaemon(pid.getAsLong()) ? new Running(pid.getAsLong()) : new Stale(pid.getAsLong());
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

    /** Whether {@code pid} runs {@code Main <argv0> [options] [config] start|restart|try-restart} for our cfgname. */
    boolean isOurDaemon(long pid) {
        List<String> argv;
        try {
            argv = ProcessArgv.read(proc.resolve(Long.toString(pid)).resolve("cmdline"));
        } catch (IOException e) {
            return false;
        }
        int main = argv.indexOf(Main.class.getName());
        if (main < 0 || main + 1 >= argv.size()) {
            return false;
        }
        List<String> rest = argv.subList(main + 2, argv.size());
        try {
            Invocation inv = Invocation.parse(argv.get(main + 1), rest.toArray(String[]::new));
            return inv.cfgName().equals(cfgName) && DAEMON_COMMANDS.contains(inv.command());
        } catch (Invocation.UsageException e) {
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
