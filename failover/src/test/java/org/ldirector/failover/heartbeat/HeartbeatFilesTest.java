package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatFilesTest {

    @TempDir
    Path dir;

    private Path files(String haresources) throws Exception {
        Files.writeString(dir.resolve("ha.cf"), "node d1 d2\nucast eth0 10.0.0.1\nucast eth0 10.0.0.2\nkeepalive 250ms\n"
                + "deadtime 1500ms\ninitdead 10\nauto_failback on\nping 10.0.0.254\nlogfile /var/log/ha-log\n");
        Files.writeString(dir.resolve("haresources"), haresources);
        Path keys = dir.resolve("authkeys");
        Files.writeString(keys, "auth 1\n1 sha1 topsecret\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        return dir.resolve("ha.cf");
    }

    @Test
    void readsTheThreeFilesOfOneDirectory() throws Exception {
        FailoverConfig cfg = HeartbeatFiles.read(files("d1 IPaddr2::10.0.0.100/24/eth0 ldirectord::ldirectord.cf\n"));
        assertThat(cfg.haCf().nodes()).containsExactly("d1", "d2");
        assertThat(cfg.haResources().preferredNode()).isEqualTo("d1");
        assertThat(cfg.virtualIps()).extracting(VirtualIp::describe).containsExactly("10.0.0.100/24 on eth0");
        assertThat(cfg.authKey().secret()).isEqualTo("topsecret");
        assertThat(cfg.warnings()).containsExactly(dir.resolve("ha.cf") + ":9: logfile is not used by ldirector:"
                + " logging follows ldirectord.cf (logfile=); ignored", dir.resolve("authkeys.salt") + ": no"
                + " per-installation salt: the cluster key is derived from authkeys with the built-in salt; create one"
                + " (head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > " + dir.resolve("authkeys.salt")
                + ") and copy it with authkeys to every director");
        assertThat(cfg.authKey().salt()).isEmpty();
    }

    @Test
    void theSaltBesideAuthkeysIsRead() throws Exception {
        Path haCf = files("d1 10.0.0.100/24/eth0\n");
        Files.writeString(dir.resolve("authkeys.salt"), "# per installation\n9F86D081884C7D659A2FEAA0C55AD015\n");
        FailoverConfig cfg = HeartbeatFiles.read(haCf);
        assertThat(cfg.authKey().salt()).contains("9f86d081884c7d659a2feaa0c55ad015");
        assertThat(cfg.warnings()).noneMatch(w -> w.contains("salt"));
        assertThat(cfg.authKey().toString()).doesNotContain("topsecret").doesNotContain("9f86");
    }

    @Test
    void aShortOrNonHexSaltIsAnErrorNamingTheFile() throws Exception {
        Path haCf = files("d1 10.0.0.100/24/eth0\n");
        Files.writeString(dir.resolve("authkeys.salt"), "abcdef\n");
        assertThatThrownBy(() -> HeartbeatFiles.read(haCf)).isInstanceOf(HeartbeatFileException.class)
                .hasMessage(dir.resolve("authkeys.salt") + ":1: the salt must be an even number of hex digits, at"
                        + " least 32 (16 bytes)");
        Files.writeString(dir.resolve("authkeys.salt"), "zz86d081884c7d659a2feaa0c55ad015\n");
        assertThatThrownBy(() -> HeartbeatFiles.read(haCf)).hasMessageStartingWith(dir.resolve("authkeys.salt")
                + ":1:");
    }

    @Test
    void thePreferredNodeMustBeANode() throws Exception {
        Path haCf = files("d3 10.0.0.100/24/eth0\n");
        assertThatThrownBy(() -> HeartbeatFiles.read(haCf)).isInstanceOf(HeartbeatFileException.class)
                .hasMessage(dir.resolve("haresources") + ": the preferred node d3 is not a node in " + haCf
                        + " (nodes: d1, d2)");
    }
}
