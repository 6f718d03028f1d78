package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notify}, {@code notifyfifo}, {@code monalert} and {@code monupalert} on our daemon as a process, with a
 * real HTTP real server going down and up, an operator's drain and ready, and reloads: the notify script sees
 * every transition in order with its argv and variables, a reader on a real FIFO gets keepalived's lines, and
 * the LVS-HOWTO-style mon {@code test.alert} runs unchanged (its {@code $6} host and {@code $9 -u} in place,
 * its own ipvsadm call included).
 */
class EventHooksProcessTest {

    private static final String VIRTUAL = "tcp:10.1.1.1:80";

    @TempDir
    Path dir;

    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final List<String> fifoLines = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private DaemonUnderTest daemon;
    private String real;
    private Path notifyLog;
    private Path alertLog;

    @BeforeEach
    void setUp() throws Exception {
        server = TestPeers.switchable(healthy);
        real = "127.0.0.1:" + server.getAddress().getPort();
        daemon = new DaemonUnderTest(dir);
        notifyLog = dir.resolve("notify.log");
        alertLog = dir.resolve("test.alert.log");
        Path notify = executable("notify.sh", "#!/bin/sh\n"
                + "echo \"$* | $LDIRECTOR_EVENT $LDIRECTOR_VIRTUAL $LDIRECTOR_REAL $LDIRECTOR_FROM>$LDIRECTOR_TO\" >> " + notifyLog + "\n");
        String alert = new String(getClass().getResourceAsStream("/hooks/test.alert").readAllBytes(), StandardCharsets.UTF_8)
                .replace("LOG=/var/log/mon/test.alert.log", "LOG=" + alertLog)
                .replace("IPVSADM=/sbin/ipvsadm", "IPVSADM=" + DaemonUnderTest.FAKE_IPVSADM)
                .replace("VIRTUAL=192.168.1.110:80", "VIRTUAL=10.1.1.1:80");
        Path testAlert = executable("test.alert", alert);
        Path fifo = dir.resolve("lvs.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new FileReader(fifo.toFile()))) {
                for (String l; (l = r.readLine()) != null; ) {
                    fifoLines.add(l);
                }
            } catch (IOException e) {
                fifoLines.add("reader failed: " + e);
            }
        }, "fifo-reader");
        reader.setDaemon(true);
        reader.start();
        Files.writeString(daemon.config, config("notify = " + notify + " --site 'dc 1'\nnotifyfifo = " + fifo + "\n",
                "\tmonalert=" + testAlert + "\n\tmonupalert=" + testAlert + "\n"));
    }

    private String config(String globals, String section) {
        return "checktimeout=2\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\nquiescent=no\n" + globals + "\n"
                + "virtual=10.1.1.1:80\n\treal=" + real + " masq\n\tservice=http\n\trequest=\"health\"\n"
                + "\treceive=\"Test Page\"\n\tfallback=127.0.0.9:80\n" + section;
    }

    private Path executable(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.run("stop");
        server.stop(0);
    }

    private List<String> notified() throws IOException {
        return Files.exists(notifyLog) ? Files.readAllLines(notifyLog) : List.of();
    }

    private void awaitNotified(String line) {
        daemon.await("notify " + line, Duration.ofSeconds(30), () -> notified().contains(line));
    }

    private String realLine(String event, String from, String to) {
        return "--site dc 1 " + event + " " + VIRTUAL + " " + real + " | " + event + " " + VIRTUAL + " " + real + " " + from + ">" + to;
    }

    @Test
    void everyTransitionReachesNotifyTheFifoAndMonsTestAlert() throws Exception {
        assertThat(daemon.run("start").exit()).isZero();
        awaitNotified(realLine("up", "unknown", "up"));

        healthy.set(false);
        awaitNotified("--site dc 1 fallback-start " + VIRTUAL + " - | fallback-start " + VIRTUAL + "  >");
        daemon.await("test.alert on the way down", Duration.ofSeconds(30),
                () -> Files.exists(alertLog) && Files.readString(alertLog).contains("Real Server 127.0.0.1 is DOWN (127.0.0.1)"));
        daemon.await("test.alert's own ipvsadm -d", Duration.ofSeconds(10),
                () -> daemon.traceLines().contains("argv\t-d -t 10.1.1.1:80 -r 127.0.0.1"));

        healthy.set(true);
        awaitNotified("--site dc 1 fallback-stop " + VIRTUAL + " - | fallback-stop " + VIRTUAL + "  >");
        daemon.await("test.alert on the way up", Duration.ofSeconds(30),
                () -> Files.readString(alertLog).contains("Real Server 127.0.0.1 is UP (127.0.0.1)"));
        daemon.await("test.alert's own ipvsadm -a", Duration.ofSeconds(10),
                () -> daemon.traceLines().contains("argv\t-a -t 10.1.1.1:80 -r 127.0.0.1"));

        assertThat(daemon.run("drain", VIRTUAL, real).exit()).isZero();
        awaitNotified(realLine("drained", "up", "drained"));
        assertThat(daemon.run("ready", VIRTUAL, real).exit()).isZero();
        awaitNotified(realLine("ready", "drained", "up"));

        assertThat(daemon.run("reload").exit()).isZero();
        awaitNotified("--site dc 1 reload-ok - - | reload-ok   >");
        Files.writeString(daemon.config, "checkinterval=banana\n");
        Signals.send("HUP", daemon.pid());
        awaitNotified("--site dc 1 reload-failed - - | reload-failed   >");

        assertThat(notified().stream().map(l -> l.split(" ")[3]).toList()).as("notify, in order")
                .containsExactly("up", "down", "fallback-start", "up", "fallback-stop", "drained", "fallback-start", "ready",
                        "fallback-stop", "reload-ok", "reload-failed"); // draining the only real brings the fallback in
        assertThat(notified().get(1)).isEqualTo(realLine("down", "up", "down"));
        assertThat(Files.readAllLines(alertLog)).hasSize(2);
        String rs = "RS [127.0.0.1]:tcp:" + server.getAddress().getPort() + " [10.1.1.1]:tcp:80 ";
        daemon.await("the FIFO lines", Duration.ofSeconds(10), () -> fifoLines.size() >= 6);
        assertThat(fifoLines).containsExactly(rs + "UP", "VS [10.1.1.1]:tcp:80 UP", rs + "DOWN", "VS [10.1.1.1]:tcp:80 DOWN",
                rs + "UP", "VS [10.1.1.1]:tcp:80 UP", "VS [10.1.1.1]:tcp:80 DOWN", "VS [10.1.1.1]:tcp:80 UP");
    }
}
