package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.hooks.HookTestEvents.AT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/** Which commands an event runs: the virtual's own or the global ones; director-wide events each distinct one once; reloads follow. */
class EventHooksTest {

    @TempDir
    Path dir;

    private final CommandQueue queue = new CommandQueue(100, Duration.ofSeconds(10));
    private final EventHooks hooks = new EventHooks(queue);

    @AfterEach
    void tearDown() {
        hooks.close();
    }

    private Path script(String name) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\necho \"" + name + " $*\" >> " + dir.resolve("out") + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private static EngineEvent.RealChanged down(String virtual, String real) {
        return new EngineEvent.RealChanged(AT, new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse(virtual)),
                Endpoint.parse(real), RealState.UP, RealState.DOWN, "");
    }

    @Test
    void eachVirtualRunsItsOwnNotifyElseTheGlobalOneAndDirectorEventsRunEachOnce() throws Exception {
        Path global = script("global");
        Path own = script("own");
        hooks.configure(HookTestEvents.config("notify=" + global + "\n\nvirtual=192.0.2.1:80\n\treal=10.0.0.2:80 masq\n\tnotify=" + own
                + "\n\nvirtual=192.0.2.2:80\n\treal=10.0.0.3:80 masq\n\nvirtual=192.0.2.3:80\n\treal=10.0.0.4:80 masq\n\tnotify=" + own + "\n"));

        hooks.accept(down("192.0.2.1:80", "10.0.0.2:80"));
        hooks.accept(down("192.0.2.2:80", "10.0.0.3:80"));
        hooks.accept(new EngineEvent.Reloaded(AT, true, "/etc/ha.d/ldirectord.cf"));

        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly("own down tcp:192.0.2.1:80 10.0.0.2:80",
                "global down tcp:192.0.2.2:80 10.0.0.3:80", "global reload-ok - -", "own reload-ok - -");
    }

    @Test
    void aReloadedConfigurationIsFollowedAndAVirtualWithoutHooksRunsNothing() throws Exception {
        Path first = script("first");
        hooks.configure(HookTestEvents.config("notify=" + first + "\n\nvirtual=192.0.2.1:80\n\treal=10.0.0.2:80 masq\n"));
        hooks.accept(down("192.0.2.1:80", "10.0.0.2:80"));
        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();

        hooks.configure(HookTestEvents.config("checkinterval=2\n\nvirtual=192.0.2.1:80\n\treal=10.0.0.2:80 masq\n"));
        hooks.accept(down("192.0.2.1:80", "10.0.0.2:80"));
        hooks.accept(new EngineEvent.RoleChanged(AT, true, "active"));

        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly("first down tcp:192.0.2.1:80 10.0.0.2:80");
    }
}
