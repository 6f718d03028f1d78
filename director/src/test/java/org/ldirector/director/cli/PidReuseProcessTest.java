package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * A pid file whose pid was reused by a process that is not our daemon for this configuration: {@code status} reports
 * a stale pid file (exit 1), {@code stop} and {@code reload} signal nothing, and {@code start} starts the daemon.
 */
class PidReuseProcessTest {

    @TempDir
    Path dir;

    private DaemonUnderTest daemon;
    private ServerSocket real;
    private Process unrelated;
    private Path other;

    @BeforeEach
    void setUp() throws IOException {
        real = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, config("10.3.3.1"));
        other = dir.resolve("other.cf");
        Files.writeString(other, config("10.3.3.2"));
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.run("stop");
        daemon.runFor(other, "stop");
        if (unrelated != null) {
            unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        real.close();
    }

    private String config(String vip) {
        return "checkinterval=1\nchecktimeout=2\nlogfile=\"" + daemon.log + "\"\n"
                + "virtual=" + vip + ":80\n\treal=127.0.0.1:" + real.getLocalPort() + " masq\n\tchecktype=connect\n";
    }

    private Path pidFile() {
        return dir.resolve("ldirectord.ldirectord.cf.pid");
    }

    @Test
    void aReusedPidOfAnOperatorsTailOnTheLogIsStaleAndNeverSignalled() throws Exception {
        Files.writeString(daemon.log, "");
        // Its command line contains "ldirectord", which is all ldirectord's ld_init looks for.
        unrelated = new ProcessBuilder("tail", "-f", daemon.log.toString()).start();
        Files.writeString(pidFile(), unrelated.pid() + "\n");

        Result status = daemon.run("status");
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
        assertThat(status.err()).contains("ldirectord stale pid file " + pidFile() + " for " + daemon.config);
        assertThat(status.out()).isEqualTo("ldirectord is stopped for " + daemon.config + "\n");

        assertThat(daemon.run("reload").exit()).isEqualTo(1);
        assertThat(daemon.run("stop").exit()).isZero();
        assertThat(unrelated.isAlive()).as("tail was not signalled").isTrue();

        Result start = daemon.run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(daemon.pid()).isNotEqualTo(unrelated.pid());
        daemon.await("service added", Duration.ofSeconds(30), () -> daemon.table().containsKey("TCP 10.3.3.1:80"));
        assertThat(daemon.run("status").exit()).isZero();
        assertThat(daemon.run("stop").exit()).isZero();
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void thePidOfOurDaemonForAnotherConfigurationIsNotThisConfigurationsDaemon() throws Exception {
        assertThat(daemon.runFor(other, "start").exit()).isZero();
        long otherPid = Long.parseLong(Files.readString(dir.resolve("ldirectord.other.cf.pid")).strip());
        Files.writeString(pidFile(), otherPid + "\n");

        Result status = daemon.run("status");
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
        assertThat(status.err()).contains("stale pid file");
        assertThat(daemon.run("stop").exit()).isZero();
        assertThat(ProcessHandle.of(otherPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(daemon.runFor(other, "status").exit()).isZero();
    }
}
