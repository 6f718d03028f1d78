package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * autoreload applies a changed file only after it has been unchanged for one check interval: a file caught
 * half-written (cut before its second virtual) never becomes the running configuration, and the finished file is
 * applied.
 */
class AutoreloadProcessTest {

    @RegisterExtension
    final DaemonWithReal world = new DaemonWithReal();

    private String virtual(String vip) {
        return world.virtual(vip);
    }

    @Test
    void aHalfWrittenFileIsNeverAppliedAndTheFinishedOneIs() throws Exception {
        String head = "autoreload=yes\n" + world.globals();
        String full = head + virtual("10.5.5.1") + virtual("10.5.5.2");
        String half = head + virtual("10.5.5.1");
        Files.writeString(world.daemon().config, full);
        assertThat(world.daemon().run("start").exit()).isZero();
        world.daemon().await("both services added", Duration.ofSeconds(30),
                () -> world.daemon().table().keySet().containsAll(java.util.Set.of("TCP 10.5.5.1:80", "TCP 10.5.5.2:80")));
        DaemonUnderTest.Mark mark = world.daemon().mark();

        // An editor saving slowly: each time the file is half there for 0.8 s, less than the 1 s check interval, so
        // a daemon that applied what it saw would (with 8 tries) all but surely catch it once.
        for (int i = 0; i < 8; i++) {
            Files.writeString(world.daemon().config, half);
            Thread.sleep(800);
            Files.writeString(world.daemon().config, full);
            Thread.sleep(400);
        }
        Thread.sleep(2500);
        assertThat(world.daemon().traceLines().subList(mark.traceLines(), world.daemon().traceLines().size()))
                .noneMatch(l -> l.contains("10.5.5.2:80"));
        assertThat(world.daemon().logLines().subList(mark.logLines(), world.daemon().logLines().size()))
                .noneMatch(l -> l.contains("10.5.5.2") || l.contains("has changed on disk"));
        assertThat(world.daemon().table()).containsKeys("TCP 10.5.5.1:80", "TCP 10.5.5.2:80");

        Files.writeString(world.daemon().config, full + virtual("10.5.5.3"));
        world.daemon().await("the finished file applied", Duration.ofSeconds(30), () -> world.daemon().logged("Added virtual server: 10.5.5.3:80"));
        assertThat(world.daemon().logged("Configuration file '" + world.daemon().config + "' has changed on disk")).isTrue();
        assertThat(world.daemon().table()).containsKeys("TCP 10.5.5.1:80", "TCP 10.5.5.2:80", "TCP 10.5.5.3:80");
    }
}
