package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.Invocation;

/** What `mvn package` builds: the .deb (inspected with dpkg-deb), the man page and the tarball. Needs no root. */
class ArtifactsIT {

    private static final Path BUILD = Path.of(System.getProperty("ldirector.build", "target")).toAbsolutePath();
    private static final String VERSION = System.getProperty("ldirector.version", "0.1.0-SNAPSHOT");
    private static final Path SRC = Path.of("src").toAbsolutePath();
    private static final Shell SHELL = new Shell(Map.of("JAVA_HOME", System.getProperty("java.home")));

    /** Every directive of ldirectord.cf (ldirectord's, plus our failover=). */
    private static final List<String> DIRECTIVES = List.of(
            "checktimeout", "negotiatetimeout", "checkinterval", "checkcount", "failurecount", "fallback", "fallback6",
            "fallbackcommand", "autoreload", "callback", "logfile", "execute", "fork", "supervised", "quiescent",
            "readdquiescent", "emailalert", "emailalertfreq", "emailalertstatus", "emailalertfrom", "cleanstop", "smtp",
            "maintenancedir", "connecttimeout", "timeout", "failover",
            "virtual", "virtual6", "real", "real6", "request", "receive", "checktype", "checkcommand", "checkport",
            "login", "passwd", "database", "secret", "scheduler", "persistent", "schedflags", "netmask", "protocol", "ops",
            "service", "httpmethod", "virtualhost", "monitorfile", "servicename", "comment");

    private static Path deb;
    /** path -> the dpkg-deb -c line (mode, owner, size, date, path[ -> target]). */
    private static final Map<String, String> CONTENTS = new LinkedHashMap<>();

    @BeforeAll
    static void listDeb() throws IOException {
        try (Stream<Path> files = Files.list(BUILD)) {
            deb = files.filter(p -> p.getFileName().toString().matches("ldirector_.*_all\\.deb")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no ldirector_*_all.deb in " + BUILD));
        }
        for (String line : SHELL.ok("dpkg-deb", "-c", deb.toString()).out().lines().toList()) {
            String[] f = line.split("\\s+", 6);
            String path = f[5].replaceFirst(" -> .*$", "").replaceFirst("^\\./", "/");
            CONTENTS.put(path, line);
        }
    }

    private static String field(String name) {
        return SHELL.ok("dpkg-deb", "-f", deb.toString(), name).out().strip();
    }

    @Test
    void controlDeclaresJavaAndIpvsadmAndTakesOverLdirectord() {
        assertThat(field("Package")).isEqualTo("ldirector");
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Version")).startsWith(VERSION.replace("-SNAPSHOT", "~"));
        String depends = field("Depends");
        assertThat(depends.split(",\\s*")).hasSize(2);
        assertThat(depends).contains("openjdk-21-jre-headless", "temurin-21-jre", "temurin-25-jdk", "java21-runtime-headless")
                .endsWith(", ipvsadm");
        assertThat(field("Conflicts")).isEqualTo("ldirectord");
        assertThat(field("Replaces")).isEqualTo("ldirectord");
        assertThat(field("Provides")).isEqualTo("ldirectord");
    }

    @Test
    void installsTheLayoutDebianUsersExpect() {
        assertThat(CONTENTS.get("/usr/sbin/ldirectord")).startsWith("-rwxr-xr-x root/root");
        assertThat(CONTENTS.get("/etc/init.d/ldirectord")).startsWith("-rwxr-xr-x root/root");
        for (String f : List.of("/etc/ha.d/ldirectord.cf", "/etc/default/ldirectord", "/etc/logrotate.d/ldirectord",
                "/usr/lib/systemd/system/ldirectord.service", "/usr/share/man/man8/ldirectord.8.gz",
                "/usr/share/ldirector/etc/demo/ldirectord-demo.cf", "/usr/share/doc/ldirector/examples/ldirectord.cf.example",
                "/usr/share/doc/ldirector/packaging.md")) {
            assertThat(CONTENTS.get(f)).as(f).startsWith("-rw-r--r-- root/root");
        }
        assertThat(CONTENTS.get("/etc/ha.d/resource.d/ldirectord")).startsWith("l").endsWith("-> /usr/sbin/ldirectord");
        assertThat(CONTENTS.keySet()).anyMatch(p -> p.matches("/usr/share/ldirector/lib/ldirector-director-.*\\.jar"))
                .anyMatch(p -> p.matches("/usr/share/ldirector/lib/picocli-.*\\.jar"));
        assertThat(CONTENTS.keySet()).as("nothing outside the Debian layout")
                .allMatch(p -> p.startsWith("/usr/sbin/") || p.startsWith("/usr/share/") || p.startsWith("/usr/lib/systemd/")
                        || p.startsWith("/etc/") || p.matches("/usr/?|/usr/lib/?|/usr/sbin/?|/etc/?"));
    }

    @Test
    void conffilesAreTheFilesUnderEtc() {
        assertThat(SHELL.ok("dpkg-deb", "-I", deb.toString(), "conffiles").out().lines())
                .containsExactlyInAnyOrder("/etc/ha.d/ldirectord.cf", "/etc/default/ldirectord", "/etc/init.d/ldirectord",
                        "/etc/logrotate.d/ldirectord");
    }

    @Test
    void maintainerScriptsAreExecutablePosixShell(@TempDir Path dir) throws IOException {
        SHELL.ok("dpkg-deb", "-e", deb.toString(), dir.toString());
        for (String s : List.of("preinst", "postinst", "prerm", "postrm")) {
            Path script = dir.resolve(s);
            assertThat(Files.isExecutable(script)).as(s).isTrue();
            assertThat(Files.readString(script)).startsWith("#!/bin/sh\n").contains("set -e");
            Shell.Result r = SHELL.run("sh", "-n", script.toString());
            assertThat(r.exit()).as("%s", r).isZero();
        }
    }

    @Test
    void systemdUnitStopsCleanlyWithoutKillModeNone() throws IOException {
        String unit = Files.readString(SRC.resolve("deb/systemd/ldirectord.service"));
        assertThat(unit).contains("\nType=notify\n", "\nKillMode=mixed\n", "\nExecReload=/bin/kill -HUP $MAINPID\n",
                "\nRestart=on-failure\n", "\nEnvironmentFile=-/etc/default/ldirectord\n",
                "\nExecStart=/usr/sbin/ldirectord --foreground ${CONFIG_FILE} start\n");
        assertThat(unit).doesNotContainPattern("(?m)^KillMode=none").doesNotContainPattern("(?m)^PIDFile=");
    }

    @Test
    void initScriptIsPosixShellWithAnLsbHeader() throws IOException {
        Path script = SRC.resolve("deb/etc/init.d/ldirectord");
        assertThat(SHELL.run("sh", "-n", script.toString()).exit()).isZero();
        assertThat(Files.readString(script)).contains("### BEGIN INIT INFO", "# Provides:          ldirectord",
                "# Default-Start:     2 3 4 5", "### END INIT INFO");
    }

    @Test
    void manPageRendersWithoutWarningsAndCoversEveryCommandOptionAndDirective() throws IOException {
        Path man = Path.of(System.getProperty("ldirector.dist", "target/ldirector"), "man", "ldirectord.8");
        Shell.Result groff = SHELL.run("groff", "-man", "-ww", "-z", man.toString());
        assertThat(groff.err()).as("groff warnings").isEmpty();
        Shell.Result rendered = SHELL.with(Map.of("MANWIDTH", "200")).run("man", "-l", man.toString());
        assertThat(rendered.exit()).as("%s", rendered).isZero();
        assertThat(rendered.err()).isEmpty();
        String text = rendered.out();
        assertThat(text).contains("LDIRECTORD(8)", "ldirector " + VERSION);
        for (String command : Invocation.COMMANDS) {
            assertThat(text).as("command " + command).containsPattern("(?m)^ {7}" + command + "\\b|^ {7}.*, " + command + "\\b");
        }
        for (String option : List.of("-d, --debug", "-h, -?, --help", "-v, --version", "--dry-run (extension)",
                "--ipvsadm path (extension)", "--rundir dir (extension)", "--foreground (extension)",
                "--node name (extension)")) {
            assertThat(text).as("option " + option).contains(option);
        }
        for (String directive : DIRECTIVES) {
            assertThat(text).as("directive " + directive).containsPattern("\\b" + directive + "(=| and | are )");
        }
        assertThat(text).contains("EXIT STATUS", "FILES", "/var/run/ldirectord.cfgname.pid", "/etc/default/ldirectord",
                "configtest (extension)", "failover=path (extension)");
        // The gzipped copy in the .deb is the same page.
        assertThat(CONTENTS.get("/usr/share/man/man8/ldirectord.8.gz")).isNotNull();
    }

    @Test
    void tarballHoldsTheRunnableTreeAndItRuns(@TempDir Path dir) throws IOException {
        Path tarball = BUILD.resolve("ldirector-" + VERSION + ".tar.gz");
        String top = "ldirector-" + VERSION + "/";
        String listing = SHELL.ok("tar", "tzvf", tarball.toString()).out();
        assertThat(listing).containsPattern("-rwxr-xr-x \\S+ +\\d+ \\S+ \\S+ " + top + "bin/ldirectord\\n")
                .containsPattern("-rwxr-xr-x \\S+ +\\d+ \\S+ \\S+ " + top + "contrib/ldirectord.init\\n")
                .contains(top + "etc/ldirectord.cf\n", top + "etc/ldirectord.cf.example\n", top + "etc/demo/ldirectord-demo.cf\n",
                        top + "man/ldirectord.8\n", top + "docs/packaging.md\n", top + "contrib/ldirectord.service\n",
                        top + "contrib/ldirectord.default\n", top + "contrib/ldirectord.logrotate\n")
                .containsPattern(top + "lib/ldirector-director-[^/]*\\.jar\\n");

        SHELL.ok("tar", "xzf", tarball.toString(), "-C", dir.toString());
        Path home = dir.resolve(top);
        Shell.Result version = SHELL.run(home.resolve("bin/ldirectord").toString(), "-v");
        assertThat(version.exit()).as("%s", version).isZero();
        assertThat(version.out()).contains("Linux Director v1.186-ha", "ldirector");
        // -d: log to stderr, so nothing is written to /var/log.
        Shell.Result test = SHELL.run(home.resolve("bin/ldirectord").toString(), "-d",
                home.resolve("etc/ldirectord.cf.example").toString(), "configtest");
        assertThat(test.exit()).as("%s", test).isZero();
        assertThat(test.out()).contains("virtual=");
    }
}
