package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.alert.LogLines;

/** Real scripts through the queue: one at a time, in order, stdin and variables passed, a full queue and a hung script. */
class CommandQueueTest {

    @RegisterExtension
    final LogLines log = new LogLines();

    @TempDir
    Path dir;

    private CommandQueue queue;

    @AfterEach
    void tearDown() {
        if (queue != null) {
            queue.close(Duration.ofSeconds(5));
        }
    }

    private Path script(String name, String body) throws IOException {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private static HookJob job(Path script, String arg, Map<String, String> env, String stdin) {
        return new HookJob("notify", arg, List.of(script.toString(), arg), env, stdin);
    }

    @Test
    void callsRunOneAtATimeInTheOrderTheyCameWithTheirVariablesAndStdin() throws Exception {
        Path out = dir.resolve("out");
        // slow on purpose: a second call started before the first ended would interleave start/end lines
        Path slow = script("slow", "echo \"start $1 $LDIRECTOR_EVENT $(cat)\" >> " + out + "\nsleep 0.2\necho \"end $1\" >> " + out + "\n");
        queue = new CommandQueue(100, Duration.ofSeconds(10));

        for (int i = 1; i <= 5; i++) {
            queue.submit(job(slow, String.valueOf(i), Map.of("LDIRECTOR_EVENT", "e" + i), "in" + i));
        }

        assertThat(queue.awaitIdle(Duration.ofSeconds(30))).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            expected.add("start " + i + " e" + i + " in" + i);
            expected.add("end " + i);
        }
        assertThat(Files.readAllLines(out)).isEqualTo(expected);
    }

    @Test
    void aFullQueueDropsTheOldestWaitingCallWithALogLine() throws Exception {
        Path out = dir.resolve("out");
        Path go = dir.resolve("go");
        Path gate = script("gate", "touch " + dir + "/started.$1\nwhile [ ! -e " + go + " ]; do sleep 0.05; done\necho \"$1\" >> " + out + "\n");
        queue = new CommandQueue(2, Duration.ofSeconds(20));
        queue.submit(job(gate, "first", Map.of(), ""));
        Awaitility.await("the first call running").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("started.first")));

        queue.submit(job(gate, "second", Map.of(), ""));
        queue.submit(job(gate, "third", Map.of(), ""));
        queue.submit(job(gate, "fourth", Map.of(), ""));
        Files.createFile(go);

        assertThat(queue.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(Files.readAllLines(out)).containsExactly("first", "third", "fourth");
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(log.startingWith("Event hook queue full")).containsExactly(
                "Event hook queue full (2 waiting): dropped the oldest call, notify " + gate + " (second)");
    }

    @Test
    void aHungScriptIsKilledWithItsChildrenAtTheTimeoutAndTheNextCallRuns() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path out = dir.resolve("out");
        Path hung = script("hung", "sleep 60 &\necho $! > " + pid + "\nwait\n");
        Path quick = script("quick", "echo \"$1\" >> " + out + "\n");
        queue = new CommandQueue(10, Duration.ofMillis(700));

        queue.submit(job(hung, "hung", Map.of(), ""));
        queue.submit(job(quick, "after", Map.of(), ""));

        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(Files.readAllLines(out)).containsExactly("after");
        long child = Long.parseLong(Files.readString(pid).strip());
        Awaitility.await("the script's child killed").atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(log.startingWith("Event hook timed out")).containsExactly(
                "Event hook timed out after 700ms and was killed: notify " + hung + " (hung)");
    }

    @Test
    void aFailingOrMissingProgramIsLoggedAndTheQueueGoesOn() throws Exception {
        Path fails = script("fails", "exit 3\n");
        queue = new CommandQueue(10, Duration.ofSeconds(10));

        queue.submit(job(fails, "x", Map.of(), ""));
        queue.submit(job(dir.resolve("missing"), "y", Map.of(), ""));

        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(log.startingWith("Event hook exited")).containsExactly("Event hook exited with status 3: notify " + fails + " (x)");
        assertThat(log.startingWith("Event hook cannot run")).hasSize(1).allMatch(l -> l.contains(dir.resolve("missing") + " (y)"));
    }
}
