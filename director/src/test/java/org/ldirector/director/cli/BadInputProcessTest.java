package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * Bad bytes in the file of a running daemon, through the command line: a configuration error with file and line,
 * never "internal error"; {@code status} still answers for the daemon; a reload keeps the running configuration.
 */
class BadInputProcessTest {

    @TempDir
    Path dir;

    private DaemonUnderTest daemon;
    private ServerSocket real;

    @BeforeEach
    void setUp() throws IOException {
        real = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon = new DaemonUnderTest(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.run("stop");
        real.close();
    }

    private String good() {
        return "checkinterval=1\nchecktimeout=2\nlogfile=\"" + daemon.log + "\"\n"
                + "virtual=10.2.2.2:80\n\treal=127.0.0.1:" + real.getLocalPort() + " masq\n\tchecktype=connect\n";
    }

    @Test
    void aNulByteInMaintenancedirIsAConfigErrorAndTheRunningDaemonKeepsItsConfiguration() throws Exception {
        Files.writeString(daemon.config, good());
        assertThat(daemon.run("start").exit()).isZero();
        long pid = daemon.pid();
        daemon.await("service added", Duration.ofSeconds(30), () -> daemon.table().containsKey("TCP 10.2.2.2:80"));

        Files.write(daemon.config, ("maintenancedir=/var/ld\0maint\n" + good().replace("10.2.2.2", "10.2.2.3"))
                .getBytes(StandardCharsets.UTF_8));
        String error = "Error \\[\\d+\\] reading file " + Pattern.quote(daemon.config.toString())
                + " at line 1: invalid maintenancedir path: Nul character not allowed";

        Result configtest = daemon.run("configtest");
        assertThat(configtest.exit()).isEqualTo(2);
        assertThat(configtest.err()).doesNotContain("internal error").containsPattern(error);

        Result status = daemon.run("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.err()).doesNotContain("internal error")
                .contains("ldirectord for " + daemon.config + " is running with pid: " + pid);

        assertThat(daemon.run("reload").exit()).as("reload refuses a file with errors").isEqualTo(2);
        DaemonUnderTest.Mark mark = daemon.mark();
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start().waitFor()).isZero();
        daemon.await("the reload's error logged", Duration.ofSeconds(30),
                () -> daemon.logLines().subList(mark.logLines(), daemon.logLines().size()).stream()
                        .anyMatch(l -> Pattern.compile(error).matcher(l).find()));
        assertThat(daemon.table()).containsOnlyKeys("TCP 10.2.2.2:80");
        assertThat(daemon.pid()).isEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }
}
