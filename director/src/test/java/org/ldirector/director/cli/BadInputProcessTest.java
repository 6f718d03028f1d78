package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * Bad bytes in the file of a running daemon, through the command line: a configuration error with file and line,
 * never "internal error"; {@code status} still answers for the daemon; a reload keeps the running configuration.
 */
class BadInputProcessTest {

    @RegisterExtension
    final DaemonWithReal world = new DaemonWithReal();

    private String good() {
        return world.globals() + world.virtual("10.2.2.2");
    }

    @Test
    void aNulByteInMaintenancedirIsAConfigErrorAndTheRunningDaemonKeepsItsConfiguration() throws Exception {
        Files.writeString(world.daemon().config, good());
        assertThat(world.daemon().run("start").exit()).isZero();
        long pid = world.daemon().pid();
        world.daemon().await("service added", Duration.ofSeconds(30), () -> world.daemon().table().containsKey("TCP 10.2.2.2:80"));

        Files.write(world.daemon().config, ("maintenancedir=/var/ld\0maint\n" + good().replace("10.2.2.2", "10.2.2.3"))
                .getBytes(StandardCharsets.UTF_8));
        String error = "Error \\[\\d+\\] reading file " + Pattern.quote(world.daemon().config.toString())
                + " at line 1: invalid maintenancedir path: Nul character not allowed";

        Result configtest = world.daemon().run("configtest");
        assertThat(configtest.exit()).isEqualTo(2);
        assertThat(configtest.err()).doesNotContain("internal error").containsPattern(error);

        Result status = world.daemon().run("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.err()).doesNotContain("internal error")
                .contains("ldirectord for " + world.daemon().config + " is running with pid: " + pid);

        assertThat(world.daemon().run("reload").exit()).as("reload refuses a file with errors").isEqualTo(2);
        DaemonUnderTest.Mark mark = world.daemon().mark();
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start().waitFor()).isZero();
        world.daemon().await("the reload's error logged", Duration.ofSeconds(30),
                () -> world.daemon().logLines().subList(mark.logLines(), world.daemon().logLines().size()).stream()
                        .anyMatch(l -> Pattern.compile(error).matcher(l).find()));
        assertThat(world.daemon().table()).containsOnlyKeys("TCP 10.2.2.2:80");
        assertThat(world.daemon().pid()).isEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }
}
