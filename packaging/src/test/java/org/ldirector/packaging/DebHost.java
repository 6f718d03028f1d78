package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * This machine, as the place the .deb is installed on: root only (CI runs as root on a throw-away
 * machine; a developer's machine gets the package purged again after each test class).
 *
 * <p>Every command that can reach ipvsadm runs in a private mount namespace
 * ({@link #inNamespace}) where {@code /sbin/ipvsadm} is the stand-in of {@code testing/fake-ipvsadm}
 * (its table in {@code target/it-host/ipvs.json}), so no test touches the kernel's IPVS, and where
 * {@code runlevel} answers "N 2", so that {@code invoke-rc.d} in the maintainer scripts acts as on a
 * booted SysV machine (in a container it refuses to start anything). A daemon started there keeps
 * that namespace; everything else on the machine sees the real files.
 */
final class DebHost {

    static final String PACKAGE = "ldirector";
    static final String STUB_PACKAGE = "ldirector-test-java-runtime";
    static final Path CONF = Path.of("/etc/ha.d/ldirectord.cf");
    static final Path LOG = Path.of("/var/log/ldirectord.log");
    static final Path PID_FILE = Path.of("/var/run/ldirectord.ldirectord.cf.pid");
    /** Marks a package installed by these tests, so that a run that died can be cleaned up by the next. */
    static final Path MARKER = Path.of("/var/lib/ldirector-packaging-tests");
    /** Held while a test class has the package installed: two builds on one machine take turns. */
    static final Path LOCK = Path.of("/var/lib/ldirector-packaging-tests.lock");
    /** Debian packages these tests need; .ci/run installs them. */
    static final List<String> NEEDED = List.of("ipvsadm", "python3", "logrotate", "systemd", "util-linux", "man-db");

    private static DebHost instance;
    private static FileChannel lockChannel;
    private static FileLock lock;

    final Path build = Path.of(System.getProperty("ldirector.build", "target")).toAbsolutePath();
    final Path repo = Path.of(System.getProperty("ldirector.repo", "..")).toAbsolutePath().normalize();
    final Path work = build.resolve("it-host");
    final Path backup = work.resolve("backup");
    final Shell shell;
    private boolean haDirCreated;

    private DebHost() {
        this.shell = new Shell(Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    /** The host, or the test is skipped when not root or without dpkg; fails if a needed package is missing. */
    static synchronized DebHost require() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "installs the .deb: runs as root only (CI)");
        Assumptions.assumeTrue(Shell.onPath("dpkg") && Shell.onPath("unshare"), "needs dpkg and unshare (Debian)");
        takeTurn();
        if (instance == null) {
            DebHost h = new DebHost();
            h.prepareWorkDir();
            instance = h;
        }
        instance.checkPrerequisites();
        return instance;
    }

    /** Waits (at most 20 minutes) until no other build on this machine has the package installed. */
    private static void takeTurn() {
        if (lock != null) {
            return;
        }
        try {
            lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while ((lock = lockChannel.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("another build on this machine holds " + LOCK + " for more than 20 minutes");
                }
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void endTurn() {
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /** dpkg, waiting while another program (apt, another build) holds dpkg's own lock. */
    Shell.Result dpkg(boolean inNamespace, String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(Arrays.asList(args));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            Shell.Result r = inNamespace ? inNamespace(cmd.toArray(String[]::new)) : shell.run(cmd);
            if (r.exit() == 0 || !r.err().contains("lock") || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    private void checkPrerequisites() {
        List<String> missing = NEEDED.stream().filter(p -> !installed(p)).toList();
        assertThat(missing).as("Debian packages the packaging tests need (apt-get install %s)", String.join(" ", missing))
                .isEmpty();
        Assumptions.assumeFalse(installed("ldirectord"),
                "the Perl ldirectord is installed here; installing ldirector would remove it");
        if (installed(PACKAGE) || installed(STUB_PACKAGE)) {
            Assumptions.assumeTrue(Files.exists(MARKER), "ldirector is installed on this machine, and not by these tests");
            purgeAll();
        }
    }

    boolean installed(String pkg) {
        return shell.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", pkg).out().startsWith("ii");
    }

    private void prepareWorkDir() {
        try {
            Files.createDirectories(work);
            Files.createDirectories(backup);
            write(work.resolve("ipvsadm"), """
                    #!/bin/sh
                    # testing/fake-ipvsadm with this test run's table.
                    export FAKE_IPVSADM_STATE=%1$s/ipvs.json FAKE_IPVSADM_TRACE=%1$s/ipvs.trace
                    exec /usr/bin/python3 %2$s/testing/fake-ipvsadm/ipvsadm "$@"
                    """.formatted(work, repo), true);
            Optional<Path> runlevel = Optional.of(Path.of("/sbin/runlevel")).filter(Files::exists).map(DebHost::real);
            // A copy of the file /sbin/runlevel points to (systemctl on Debian 12), under its own name:
            // multi-call binaries choose what to be by that name.
            Path realBin = work.resolve("real-bin");
            Files.createDirectories(realBin);
            String realName = runlevel.map(p -> p.getFileName().toString()).orElse("runlevel");
            if (runlevel.isPresent()) {
                Files.copy(runlevel.get(), realBin.resolve(realName), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            write(work.resolve("runlevel"), """
                    #!/bin/sh
                    # runlevel(8) of a booted SysV machine; whatever else this binary is (systemctl) runs as usual.
                    case "${0##*/}" in runlevel) echo "N 2"; exit 0 ;; esac
                    exec %s "$@"
                    """.formatted(realBin.resolve(realName)), true);
            write(work.resolve("in-namespace"), """
                    #!/bin/sh
                    # Runs "$@" in a private mount namespace with the stand-in ipvsadm and runlevel.
                    set -e
                    W=%s
                    mount --bind "$W/ipvsadm" /usr/sbin/ipvsadm
                    if [ -e /sbin/ipvsadm ] && ! [ /sbin/ipvsadm -ef /usr/sbin/ipvsadm ]; then
                        mount --bind "$W/ipvsadm" /sbin/ipvsadm
                    fi
                    if [ -e /sbin/runlevel ]; then
                        mount --bind "$W/runlevel" "$(readlink -f /sbin/runlevel)"
                    fi
                    exec "$@"
                    """.formatted(work), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in the namespace where ipvsadm is the stand-in. */
    Shell.Result inNamespace(String... command) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                work.resolve("in-namespace").toString()));
        cmd.addAll(Arrays.asList(command));
        return shell.run(cmd);
    }

    /** Runs a command outside the namespace (for commands that never call ipvsadm themselves). */
    Shell.Result run(String... command) {
        return shell.run(command);
    }

    /** The stand-in's table, as {@code ipvsadm -S -n} rules. */
    List<String> ipvsRules() {
        Shell.Result r = shell.run(work.resolve("ipvsadm").toString(), "-S", "-n");
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out().lines().toList();
    }

    void resetIpvs() {
        try {
            Files.deleteIfExists(work.resolve("ipvs.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitIpvs(java.util.function.Predicate<List<String>> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(this::ipvsRules, condition::test);
    }

    /** Pids of every process run from the installed package's launcher. */
    static Set<Long> daemons() {
        Set<Long> pids = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (Arrays.asList(cmdline.split("\0")).contains("-Dldirector.home=/usr/share/ldirector")) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // gone meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** The pid in the init script's (and the OCF agent's) pid file, if the file exists. */
    static Optional<Long> pidFromFile() {
        try {
            return Optional.of(Long.parseLong(Files.readString(PID_FILE).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Files of {@code pid} that were deleted while open: jars replaced by an upgrade the process did not follow. */
    static List<String> deletedOpenFiles(long pid) {
        List<String> deleted = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    // libffi (through JNA, the netlink backend) keeps its closure trampolines in a file it
                    // creates in the temp directory and deletes at once: not a file of any package version.
                    boolean ffiTrampoline = Path.of(target).getFileName().toString().startsWith("ffi");
                    if (target.endsWith(" (deleted)") && !ffiTrampoline) {
                        deleted.add(target);
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deleted;
    }

    // --- packages -------------------------------------------------------------------------

    /** The .deb this build made. */
    Path currentDeb() {
        try (Stream<Path> files = Files.list(build)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches(PACKAGE + "_.*_all\\.deb")).sorted().toList();
            assertThat(debs).as("the .deb in %s (built by mvn package)", build).isNotEmpty();
            return debs.get(debs.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "The previous build": this build's package relabelled as version {@code 0~previous}, with the
     * director's jar under another name (as a version change renames it), so that a daemon that still
     * runs the old code after an upgrade shows it as a deleted open file.
     */
    Path previousDeb() {
        Path out = work.resolve(PACKAGE + "_0~previous_all.deb");
        Path tree = work.resolve("previous");
        run("rm", "-rf", tree.toString());
        shell.ok("dpkg-deb", "-R", currentDeb().toString(), tree.toString());
        try {
            Path control = tree.resolve("DEBIAN/control");
            Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: 0~previous"));
            Path lib = tree.resolve("usr/share/ldirector/lib");
            Path jar;
            try (Stream<Path> jars = Files.list(lib)) {
                jar = jars.filter(p -> p.getFileName().toString().startsWith("ldirector-director-")).findFirst().orElseThrow();
            }
            String oldName = jar.getFileName().toString();
            Files.move(jar, lib.resolve("ldirector-director-0.0.0-previous.jar"));
            Path md5 = tree.resolve("DEBIAN/md5sums");
            Files.writeString(md5, Files.readString(md5).replace(oldName, "ldirector-director-0.0.0-previous.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shell.ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), out.toString());
        return out;
    }

    /**
     * The JDK the launcher uses here (Temurin under /usr/lib/jvm) is not a Debian package, so a stand-in
     * package provides {@code java21-runtime-headless} for the dependency; with a real provider
     * installed (openjdk-21+, temurin-21+) none is needed.
     */
    private void satisfyJavaDependency() {
        String provides = shell.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}|${Provides}\n").out();
        boolean provided = provides.lines().anyMatch(l -> l.startsWith("ii") && l.matches(".*\\bjava21-runtime-headless\\b.*"));
        if (provided) {
            return;
        }
        Path tree = work.resolve("java-stub");
        try {
            Files.createDirectories(tree.resolve("DEBIAN"));
            Files.writeString(tree.resolve("DEBIAN/control"), """
                    Package: %s
                    Version: 1
                    Architecture: all
                    Maintainer: ldirector tests <root@localhost>
                    Provides: java21-runtime-headless
                    Description: stand-in for a Java 21 runtime package (packaging tests)
                     The JDK on this machine was not installed from a Debian package.
                    """.formatted(STUB_PACKAGE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path deb = work.resolve("java-stub.deb");
        shell.ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), deb.toString());
        Shell.Result r = dpkg(false, "-i", deb.toString());
        assertThat(r.exit()).as("%s", r).isZero();
    }

    /**
     * Installs {@code deb} on a machine whose operator already wrote {@code /etc/ha.d/ldirectord.cf}
     * (as for the Perl ldirectord); anything of the developer's in its place is kept aside until
     * {@link #purgeAll}.
     */
    Shell.Result freshInstall(Path deb, String operatorConfig) {
        try {
            Files.writeString(MARKER, "installed by ldirector's packaging tests\n");
            for (Path p : List.of(CONF, LOG)) {
                if (Files.exists(p) && !Files.exists(backup.resolve(p.getFileName()))) {
                    Files.move(p, backup.resolve(p.getFileName()));
                }
            }
            if (!Files.isDirectory(CONF.getParent())) {
                haDirCreated = true;
                Files.createDirectories(CONF.getParent());
            }
            Files.writeString(CONF, operatorConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetIpvs();
        satisfyJavaDependency();
        return dpkgInstall(deb);
    }

    Shell.Result dpkgInstall(Path deb) {
        Shell.Result r = dpkg(true, "-i", deb.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    /** Purges everything these tests installed and puts back what they moved aside. */
    void purgeAll() {
        dpkg(true, "--purge", PACKAGE);
        dpkg(false, "--purge", STUB_PACKAGE);
        try {
            for (String f : new String[] {"ldirectord.cf", "ldirectord.log"}) {
                Path saved = backup.resolve(f);
                if (Files.exists(saved)) {
                    Files.createDirectories(CONF.getParent());
                    Files.move(saved, f.endsWith(".log") ? LOG : CONF, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (Stream<Path> left = Files.isDirectory(CONF.getParent()) ? Files.list(CONF.getParent()) : Stream.empty()) {
                for (Path p : left.filter(p -> p.getFileName().toString().startsWith("test-")).toList()) {
                    Files.delete(p);
                }
            }
            if (haDirCreated) {
                run("rmdir", "--ignore-fail-on-non-empty", CONF.getParent().toString());
                haDirCreated = false;
            }
            Files.deleteIfExists(MARKER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetIpvs();
        Set<Long> left = daemons();
        endTurn();
        assertThat(left).as("ldirector processes after purge").isEmpty();
    }

    static void write(Path file, String text, boolean executable) throws IOException {
        Files.writeString(file, text);
        if (executable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A configuration in /etc/ha.d/ (test files are named test-*.cf and removed at purge). */
    static void writeConfig(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
