package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * {@code execute=} files that lead back to themselves, directly or through others, are a configuration error at the
 * line that closes the cycle; files executed twice without a cycle are fine; a reload into a cycle keeps the daemon.
 */
class ExecuteCycleProcessTest {

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

    private String virtual() {
        return "checkinterval=1\nlogfile=\"" + daemon.log + "\"\n"
                + "virtual=10.4.4.1:80\n\treal=127.0.0.1:" + real.getLocalPort() + " masq\n\tchecktype=connect\n";
    }

    private static String error(Path file, int line, String message) {
        return "Error \\[\\d+\\] reading file " + Pattern.quote(file.toString()) + " at line " + line + ": "
                + Pattern.quote(message) + "\n";
    }

    @Test
    void aFileExecutingItselfIsRefusedAtItsLine() throws Exception {
        Files.writeString(daemon.config, "# the director\nexecute=" + daemon.config + "\n" + virtual());
        Result r = daemon.run("configtest");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).matches(error(daemon.config, 2, "execute=" + daemon.config
                + " makes a cycle of configurations executing each other: " + daemon.config + " -> " + daemon.config));
        assertThat(daemon.run("start").exit()).isEqualTo(2);
    }

    @Test
    void aCycleThroughOtherFilesIsRefusedAtTheLineThatClosesIt() throws Exception {
        Path b = dir.resolve("b.cf");
        Path c = dir.resolve("c.cf");
        Files.writeString(daemon.config, "checkinterval=1\nexecute=" + b + "\n");
        Files.writeString(b, "execute=" + c + "\n");
        Files.writeString(c, "checkinterval=1\n\nexecute = " + daemon.config + "\n");
        Result r = daemon.run("configtest");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).matches(error(c, 3, "execute=" + daemon.config
                + " makes a cycle of configurations executing each other: " + daemon.config + " -> " + b + " -> " + c
                + " -> " + daemon.config));
    }

    @Test
    void aFileExecutedOnTwoPathsIsNoCycle() throws Exception {
        Path b = dir.resolve("b.cf");
        Path c = dir.resolve("c.cf");
        Files.writeString(daemon.config, "execute=" + b + "\nexecute=" + c + "\n" + virtual());
        Files.writeString(b, "execute=" + c + "\n");
        Files.writeString(c, "checkinterval=1\n");
        Result r = daemon.run("configtest");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aReloadIntoACycleKeepsTheRunningConfiguration() throws Exception {
        Files.writeString(daemon.config, virtual());
        assertThat(daemon.run("start").exit()).isZero();
        daemon.await("service added", Duration.ofSeconds(30), () -> daemon.table().containsKey("TCP 10.4.4.1:80"));
        Path b = dir.resolve("b.cf");
        Files.writeString(b, "execute=" + daemon.config + "\n");
        Files.writeString(daemon.config, "execute=" + b + "\n" + virtual().replace("10.4.4.1", "10.4.4.2"));
        DaemonUnderTest.Mark mark = daemon.mark();
        Signals.send("HUP", daemon.pid());
        daemon.await("the cycle logged", Duration.ofSeconds(30), () -> daemon.logLines()
                .subList(mark.logLines(), daemon.logLines().size()).stream()
                .anyMatch(l -> l.contains("reading file " + b + " at line 1: execute=" + daemon.config + " makes a cycle")));
        assertThat(daemon.table()).containsOnlyKeys("TCP 10.4.4.1:80");
    }
}
