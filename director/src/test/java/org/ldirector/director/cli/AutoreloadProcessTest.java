package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autoreload applies a changed file only after it has been unchanged for one check interval: a file caught
 * half-written (cut before its second virtual) never becomes the running configuration, and the finished file is
 * applied.
 */
class AutoreloadProcessTest {

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

    private String virtual(String vip) {
        return "virtual=" + vip + ":80\n\treal=127.0.0.1:" + real.getLocalPort() + " masq\n\tchecktype=connect\n";
    }

    @Test
    void aHalfWrittenFileIsNeverAppliedAndTheFinishedOneIs() throws Exception {
        String head = "autoreload=yes\ncheckinterval=1\nchecktimeout=2\nlogfile=\"" + daemon.log + "\"\n";
        String full = head + virtual("10.5.5.1") + virtual("10.5.5.2");
        String half = head + virtual("10.5.5.1");
        Files.writeString(daemon.config, full);
        assertThat(daemon.run("start").exit()).isZero();
        daemon.await("both services added", Duration.ofSeconds(30),
                () -> daemon.table().keySet().containsAll(java.util.Set.of("TCP 10.5.5.1:80", "TCP 10.5.5.2:80")));
        DaemonUnderTest.Mark mark = daemon.mark();

        // An editor saving slowly: each time the file is half there for 0.8 s, less than the 1 s check interval, so
        // a daemon that applied what it saw would (with 8 tries) all but surely catch it once.
        for (int i = 0; i < 8; i++) {
            Files.writeString(daemon.config, half);
            Thread.sleep(800);
            Files.writeString(daemon.config, full);
            Thread.sleep(400);
        }
        Thread.sleep(2500);
        assertThat(daemon.traceLines().subList(mark.traceLines(), daemon.traceLines().size()))
                .noneMatch(l -> l.contains("10.5.5.2:80"));
        assertThat(daemon.logLines().subList(mark.logLines(), daemon.logLines().size()))
                .noneMatch(l -> l.contains("10.5.5.2") || l.contains("has changed on disk"));
        assertThat(daemon.table()).containsKeys("TCP 10.5.5.1:80", "TCP 10.5.5.2:80");

        Files.writeString(daemon.config, full + virtual("10.5.5.3"));
        daemon.await("the finished file applied", Duration.ofSeconds(30), () -> daemon.logged("Added virtual server: 10.5.5.3:80"));
        assertThat(daemon.logged("Configuration file '" + daemon.config + "' has changed on disk")).isTrue();
        assertThat(daemon.table()).containsKeys("TCP 10.5.5.1:80", "TCP 10.5.5.2:80", "TCP 10.5.5.3:80");
    }
}
