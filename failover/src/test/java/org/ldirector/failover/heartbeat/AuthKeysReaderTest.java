package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysReaderTest {

    @TempDir
    Path dir;

    private Path write(String text, String mode) throws Exception {
        Path f = dir.resolve("authkeys");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private void fails(String text, String message) throws Exception {
        Path f = write(text, "rw-------");
        assertThatThrownBy(() -> AuthKeysReader.read(f)).isInstanceOf(HeartbeatFileException.class)
                .hasMessage(f + message);
    }

    @Test
    void readsTheKeyInForce() throws Exception {
        AuthKey key = AuthKeysReader.read(write("auth 2\n1 md5 old secret\n2 sha1 Long Secret Phrase\n", "rw-------"));
        assertThat(key).isEqualTo(new AuthKey(2, "sha1", "Long Secret Phrase"));
        assertThat(key.toString()).doesNotContain("Secret").contains("********");
    }

    @Test
    void refusesAFileOthersMayRead() throws Exception {
        Path f = write("auth 1\n1 sha1 s\n", "rw-r--r--");
        assertThatThrownBy(() -> AuthKeysReader.read(f)).hasMessage(f + ": mode is rw-r--r--; authkeys holds the"
                + " cluster secret and must be mode 600 (chmod 600 " + f + "), as Heartbeat requires");
    }

    @Test
    void refusesCrcAndOtherWeakOrBrokenKeys() throws Exception {
        fails("auth 1\n1 crc\n", ":2: key 1 uses crc, which has no secret and authenticates nothing; use sha1 with a"
                + " secret");
        fails("auth 1\n1 sha1\n", ":2: key 1 (sha1) has no secret");
        fails("auth 1\n1 sha256 s\n", ":2: key 1: unknown method 'sha256' (expected sha1 or md5)");
        fails("auth 1\n1 sha1 a\n1 md5 b\n", ":3: key 1 is defined twice");
        fails("1 sha1 s\n", ": no 'auth N' line: name the key to use");
        fails("auth 3\n1 sha1 s\n", ":1: auth 3: there is no key 3");
        fails("auth\n", ":1: expected 'auth <key number>'");
        fails("auth 1\nauth 1\n1 sha1 s\n", ":2: a second auth line (the first is on line 1)");
        fails("auth 1\n16 sha1 s\n", ":2: expected 'auth N' or a key line 'N sha1|md5 secret' with N from 1 to 15,"
                + " not '16'");
    }
}
