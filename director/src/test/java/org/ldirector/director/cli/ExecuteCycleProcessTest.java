package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * {@code execute=} files that lead back to themselves, directly or through others, are a configuration error at the
 * line that closes the cycle; files executed twice without a cycle are fine; a reload into a cycle keeps the daemon.
 */
class ExecuteCycleProcessTest {

    @RegisterExtension
    final DaemonWithReal world = new DaemonWithReal();

    private String virtual() {
        return world.globals() + world.virtual("10.4.4.1");
    }

    private static String error(Path file, int line, String message) {
        return "Error \\[\\d+\\] reading file " + Pattern.quote(file.toString()) + " at line " + line + ": "
                + Pattern.quote(message) + "\n";
    }

    @Test
    void aFileExecutingItselfIsRefusedAtItsLine() throws Exception {
        Files.writeString(world.daemon().config, "# the director\nexecute=" + world.daemon().config + "\n" + virtual());
        Result r = world.daemon().run("configtest");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).matches(error(world.daemon().config, 2, "execute=" + world.daemon().config
                + " makes a cycle of configurations executing each other: " + world.daemon().config + " -> " + world.daemon().config));
        assertThat(world.daemon().run("start").exit()).isEqualTo(2);
    }

    @Test
    void aCycleThroughOtherFilesIsRefusedAtTheLineThatClosesIt() throws Exception {
        Path b = world.dir().resolve("b.cf");
        Path c = world.dir().resolve("c.cf");
        Files.writeString(world.daemon().config, "checkinterval=1\nexecute=" + b + "\n");
        Files.writeString(b, "execute=" + c + "\n");
        Files.writeString(c, "checkinterval=1\n\nexecute = " + world.daemon().config + "\n");
        Result r = world.daemon().run("configtest");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).matches(error(c, 3, "execute=" + world.daemon().config
                + " makes a cycle of configurations executing each other: " + world.daemon().config + " -> " + b + " -> " + c
                + " -> " + world.daemon().config));
    }

    @Test
    void aFileExecutedOnTwoPathsIsNoCycle() throws Exception {
        Path b = world.dir().resolve("b.cf");
        Path c = world.dir().resolve("c.cf");
        Files.writeString(world.daemon().config, "execute=" + b + "\nexecute=" + c + "\n" + virtual());
        Files.writeString(b, "execute=" + c + "\n");
        Files.writeString(c, "checkinterval=1\n");
        Result r = world.daemon().run("configtest");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aReloadIntoACycleKeepsTheRunningConfiguration() throws Exception {
        Files.writeString(world.daemon().config, virtual());
        assertThat(world.daemon().run("start").exit()).isZero();
        world.daemon().await("service added", Duration.ofSeconds(30), () -> world.daemon().table().containsKey("TCP 10.4.4.1:80"));
        Path b = world.dir().resolve("b.cf");
        Files.writeString(b, "execute=" + world.daemon().config + "\n");
        Files.writeString(world.daemon().config, "execute=" + b + "\n" + virtual().replace("10.4.4.1", "10.4.4.2"));
        DaemonUnderTest.Mark mark = world.daemon().mark();
        Signals.send("HUP", world.daemon().pid());
        world.daemon().await("the cycle logged", Duration.ofSeconds(30), () -> world.daemon().logLines()
                .subList(mark.logLines(), world.daemon().logLines().size()).stream()
                .anyMatch(l -> l.contains("reading file " + b + " at line 1: execute=" + world.daemon().config + " makes a cycle")));
        assertThat(world.daemon().table()).containsOnlyKeys("TCP 10.4.4.1:80");
    }
}
