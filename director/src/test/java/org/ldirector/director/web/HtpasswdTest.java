package org.ldirector.director.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bcrypt htpasswd files, checked against Apache's own {@code htpasswd} (apache2-utils) in both directions. */
class HtpasswdTest {

    private static final String HTPASSWD = "/usr/bin/htpasswd";

    @TempDir
    Path dir;

    @BeforeAll
    static void apacheUtils() {
        assumeTrue(Files.isExecutable(Path.of(HTPASSWD)), "apache2-utils is in run-tests.sh's PACKAGES");
    }

    private static int htpasswd(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = HTPASSWD;
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aFileWrittenByHtpasswdBVerifies() throws Exception {
        Path f = dir.resolve("web.htpasswd");
        assertThat(htpasswd("-c", "-B", "-b", f.toString(), "ops", "s3cret pass")).isZero();
        assertThat(Files.readString(f)).startsWith("ops:$2y$");

        Htpasswd pw = Htpasswd.read(f);

        assertThat(pw.verify("ops", "s3cret pass".toCharArray())).isTrue();
        assertThat(pw.verify("ops", "s3cret pas".toCharArray())).isFalse();
        assertThat(pw.verify("nobody", "s3cret pass".toCharArray())).isFalse();
    }

    @Test
    void nonBcryptEntriesNeverMatch() throws Exception {
        Path f = dir.resolve("md5.htpasswd");
        assertThat(htpasswd("-c", "-m", "-b", f.toString(), "old", "pw")).isZero();

        assertThat(Htpasswd.read(f).verify("old", "pw".toCharArray())).isFalse();
    }

    @Test
    void theCommandWritesWhatHtpasswdVerifiesAndChangesOnlyThatUser() throws Exception {
        Path f = dir.resolve("web.htpasswd");
        assertThat(htpasswd("-c", "-B", "-b", f.toString(), "other", "keep")).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = WebPasswdCommand.run(f.toString(), "ops", new ByteArrayInputStream("first\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(WebPasswdCommand.run(f.toString(), "ops", new ByteArrayInputStream("second\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();

        assertThat(htpasswd("-v", "-b", f.toString(), "ops", "second")).isZero();
        assertThat(htpasswd("-v", "-b", f.toString(), "ops", "first")).isNotZero();
        assertThat(htpasswd("-v", "-b", f.toString(), "other", "keep")).isZero();
        assertThat(Files.readString(f)).contains("ops:$2y$10$").doesNotContain("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("second");
    }

    @Test
    void badNamesAndEmptyPasswordsAreRefused() throws Exception {
        Path f = dir.resolve("web.htpasswd");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(WebPasswdCommand.run(f.toString(), "a:b", new ByteArrayInputStream("x\n".getBytes()), o, e)).isEqualTo(1);
        assertThat(WebPasswdCommand.run(f.toString(), "ops", new ByteArrayInputStream("\n".getBytes()), o, e)).isEqualTo(1);
        assertThat(Files.exists(f)).isFalse();
    }
}
