package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ldirectord import} on the packaged launcher: a Piranha lvs.cf and a keepalived sample are imported, and the
 * launcher's own {@code configtest} accepts what was written.
 */
class ImportIT {

    private static final Path DIST = Path.of(System.getProperty("ldirector.dist", "target/ldirector")).toAbsolutePath();
    private static final Path REPO = Path.of(System.getProperty("ldirector.repo", "..")).toAbsolutePath();
    private static final Path SAMPLES = REPO.resolve("director/src/test/resources/import");
    private static final Shell SHELL = new Shell(Map.of("JAVA_HOME", System.getProperty("java.home")));

    private static String launcher() {
        return DIST.resolve("bin/ldirectord").toString();
    }

    @Test
    void anImportedLvsCfPassesTheLaunchersConfigtest(@TempDir Path dir) throws Exception {
        Path source = SAMPLES.resolve("lvs/direct-web-pair.cf");
        Shell.Result imported = SHELL.run(launcher(), "import", source.toString(), "--to", dir.resolve("out").toString());
        assertThat(imported.exit()).as("%s", imported).isEqualTo(3);
        assertThat(imported.out()).contains(source + ":38: server web3: left out: active = 0");
        assertThat(dir.resolve("out/ha.cf")).exists();

        Shell.Result test = SHELL.run(launcher(), "-d", dir.resolve("out/ldirectord.cf").toString(), "configtest");
        assertThat(test.exit()).as("%s", test).isZero();
        assertThat(test.out()).contains("virtual=192.168.26.10:80", "real=192.168.26.21:80 gate 2");
    }

    @Test
    void anImportedKeepalivedSamplePassesTheLaunchersConfigtest(@TempDir Path dir) throws Exception {
        Path source = SAMPLES.resolve("keepalived/keepalived.conf.virtual_server_group");
        Shell.Result imported = SHELL.run(launcher(), "import", source.toString(), "--to", dir.toString());
        assertThat(imported.exit()).as("%s", imported).isIn(0, 3);
        Shell.Result test = SHELL.run(launcher(), "-d", dir.resolve("ldirectord.cf").toString(), "configtest");
        assertThat(test.exit()).as("%s", test).isZero();
        assertThat(test.out()).contains("virtual=192.168.200.10:80", "virtual=2");
        assertThat(Files.readString(dir.resolve("ldirectord.cf"))).contains("# from " + source + ":22");
    }

    @Test
    void aSourceWithASyntaxErrorExitsTwoNamingTheLine(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("lvs.cf");
        Files.writeString(source, "network = direct\nvirtual web {\n  port = 80\n");
        Shell.Result imported = SHELL.run(launcher(), "import", source.toString(), "--to", dir.resolve("out").toString());
        assertThat(imported.exit()).as("%s", imported).isEqualTo(2);
        assertThat(imported.err()).contains(source + ":2: block 'virtual web' is never closed");
    }
}
