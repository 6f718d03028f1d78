package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * A pid file whose pid was reused by a process that is not our daemon for this configuration: {@code status} reports
 * a stale pid file (exit 1), {@code stop} and {@code reload} signal nothing, and {@code start} starts the daemon.
 */
class PidReuseProcessTest {

    @RegisterExtension
    final DaemonWithReal world = new DaemonWithReal();
    private Process unrelated;
    private Path other;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(world.daemon().config, config("10.3.3.1"));
        other = world.dir().resolve("other.cf");
        Files.writeString(other, config("10.3.3.2"));
    }

    @AfterEach
    void tearDown() throws Exception {
        world.daemon().runFor(other, "stop");
        if (unrelated != null) {
            unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String config(String vip) {
        return world.globals() + world.virtual(vip);
    }

    private Path pidFile() {
        return world.dir().resolve("ldirectord.ldirectord.cf.pid");
    }

    @Test
    void aReusedPidOfAnOperatorsTailOnTheLogIsStaleAndNeverSignalled() throws Exception {
        Files.writeString(world.daemon().log, "");
        // Its command line contains "ldirectord", which is all ldirectord's ld_init looks for.
        unrelated = new ProcessBuilder("tail", "-f", world.daemon().log.toString()).start();
        Files.writeString(pidFile(), unrelated.pid() + "\n");

        Result status = world.daemon().run("status");
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
        assertThat(status.err()).contains("ldirectord stale pid file " + pidFile() + " for " + world.daemon().config);
        assertThat(status.out()).isEqualTo("ldirectord is stopped for " + world.daemon().config + "\n");

        assertThat(world.daemon().run("reload").exit()).isEqualTo(1);
        assertThat(world.daemon().run("stop").exit()).isZero();
        assertThat(unrelated.isAlive()).as("tail was not signalled").isTrue();

        Result start = world.daemon().run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(world.daemon().pid()).isNotEqualTo(unrelated.pid());
        world.daemon().await("service added", Duration.ofSeconds(30), () -> world.daemon().table().containsKey("TCP 10.3.3.1:80"));
        assertThat(world.daemon().run("status").exit()).isZero();
        assertThat(world.daemon().run("stop").exit()).isZero();
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void thePidOfOurDaemonForAnotherConfigurationIsNotThisConfigurationsDaemon() throws Exception {
        assertThat(world.daemon().runFor(other, "start").exit()).isZero();
        long otherPid = Long.parseLong(Files.readString(world.dir().resolve("ldirectord.other.cf.pid")).strip());
        Files.writeString(pidFile(), otherPid + "\n");

        Result status = world.daemon().run("status");
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
        assertThat(status.err()).contains("stale pid file");
        assertThat(world.daemon().run("stop").exit()).isZero();
        assertThat(ProcessHandle.of(otherPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(world.daemon().runFor(other, "status").exit()).isZero();
    }
}
