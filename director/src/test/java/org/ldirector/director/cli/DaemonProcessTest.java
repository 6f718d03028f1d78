package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * Our own daemon as a separate process, driven through its command line like an init script
 * would: start → status → state changes → reload → bad reload → stop, against the stand-in
 * ipvsadm ({@code testing/fake-ipvsadm}), real HTTP real servers, and the real log file.
 */
class DaemonProcessTest {

    private static final Path FAKE_IPVSADM = DaemonUnderTest.FAKE_IPVSADM;

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicBoolean web2Healthy = new AtomicBoolean(true);
    private DaemonUnderTest daemon;
    private Path config;
    private Path log;
    private Path state;
    private Path trace;
    private int port1;
    private int port2;

    @BeforeEach
    void setUp() throws IOException {
        port1 = serve(new AtomicBoolean(true));
        port2 = serve(web2Healthy);
        daemon = new DaemonUnderTest(dir);
        config = daemon.config;
        log = daemon.log;
        state = daemon.state;
        trace = daemon.trace;
        Files.writeString(config, configText(false));
    }

    @AfterEach
    void tearDown() throws Exception {
        run("stop");
        servers.forEach(s -> s.stop(0));
    }

    private String configText(boolean withSecondVirtual) {
        String s = "checktimeout=2\n"
                + "checkinterval=1\n"
                + "logfile=\"" + log + "\"\n"
                + "quiescent=no\n"
                + "\n"
                + "virtual=10.1.1.1:80\n"
                + "\treal=127.0.0.1:" + port1 + " masq\n"
                + "\treal=127.0.0.1:" + port2 + " masq 2\n"
                + "\tservice=http\n"
                + "\trequest=\"health\"\n"
                + "\treceive=\"Test Page\"\n"
                + "\tscheduler=wrr\n";
        if (withSecondVirtual) {
            s += "\nvirtual=10.1.1.2:80\n"
                    + "\treal=127.0.0.1:" + port1 + " masq\n"
                    + "\tchecktype=connect\n";
        }
        return s;
    }

    private int serve(AtomicBoolean healthy) throws IOException {
        HttpServer server = TestPeers.switchable(healthy);
        servers.add(server);
        return server.getAddress().getPort();
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return daemon.run(args);
    }

    private String ipvsadmList() throws IOException, InterruptedException {
        return daemon.ipvsadmList();
    }

    private List<String> logLines() throws IOException {
        return daemon.logLines();
    }

    private boolean logged(String message) throws IOException {
        return daemon.logged(message);
    }

    private long pid() throws IOException {
        return daemon.pid();
    }

    @Test
    void startStatusStateChangesReloadAndStopAsAnInitScriptWould() throws Exception {
        String r1 = "127.0.0.1:" + port1;
        String r2 = "127.0.0.1:" + port2;

        Result start = run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        long pid = pid();
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        // The OCF agent pgreps "<ldirectord> <cfg> start" (it passes no options) and the stale-pid test looks for "ldirectord".
        assertThat(cmdline).contains(dir.resolve("sbin").resolve("ldirectord").toString()).contains(config + " start");

        Result status = run("status");
        assertThat(status.exit()).isZero();
        assertThat(status.err()).contains("ldirectord for " + config + " is running with pid: " + pid);

        await().atMost(Duration.ofSeconds(30)).until(() -> logged("Added real server: " + r2 + " (10.1.1.1:80) (Weight set to 2)"));
        assertThat(logged("Added virtual server: 10.1.1.1:80")).isTrue();
        assertThat(logged("Added real server: " + r1 + " (10.1.1.1:80) (Weight set to 1)")).isTrue();
        assertThat(logged("Starting Linux Director v1.186-ha as daemon")).isTrue();
        assertThat(ipvsadmList()).contains("TCP  10.1.1.1:80 wrr").contains(r1).contains(r2);

        web2Healthy.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> logged("Deleted real server: " + r2 + " (10.1.1.1:80)"));
        assertThat(ipvsadmList()).doesNotContain(r2);

        Result list = run("list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("Prot LocalAddress:Port Scheduler Flags")
                .containsPattern("-> " + java.util.regex.Pattern.quote(r1) + " +Masq +1 .* up +0 +200 OK")
                .containsPattern(java.util.regex.Pattern.quote(r2) + " +down +1 +500 Internal Server Error");

        // reload: only the difference; the unchanged virtual's reals are not touched.
        long traceBefore = Files.readAllLines(trace).size();
        Files.writeString(config, configText(true));
        Result reload = run("reload");
        assertThat(reload.exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> logged("Added real server: " + r1 + " (10.1.1.2:80) (Weight set to 1)"));
        assertThat(logged("Reloading Linux Director Daemon config on signal")).isTrue();
        List<String> afterReload = Files.readAllLines(trace).subList((int) traceBefore, Files.readAllLines(trace).size());
        assertThat(afterReload).noneMatch(l -> l.contains("10.1.1.1:80 -r"));

        // A broken file: reload keeps everything running; status and stop do not lose the pid file.
        Files.writeString(config, configText(true) + "quiescent=maybe\n");
        assertThat(run("reload").exit()).isEqualTo(2);
        Result brokenStatus = run("status");
        assertThat(brokenStatus.exit()).isZero(); // the daemon is fine; the error is printed (ldirectord: exit 2)
        assertThat(brokenStatus.err()).contains("quiescent must be 'yes' or 'no'").contains("is running with pid: " + pid);
        assertThat(dir.resolve("ldirectord.ldirectord.cf.pid")).exists();
        assertThat(ProcessHandle.of(pid)).isPresent();
        Signals.send("HUP", pid);
        await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream().anyMatch(l -> l.contains("quiescent must be 'yes' or 'no'")));
        assertThat(ipvsadmList()).contains("10.1.1.1:80").contains("10.1.1.2:80");

        // stop works even with the broken file, waits for the cleanup, and removes only our services.
        Result stop = run("stop");
        assertThat(stop.exit()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("ldirectord.ldirectord.cf.pid")).doesNotExist();
        assertThat(ipvsadmList()).doesNotContain("10.1.1.1:80").doesNotContain("10.1.1.2:80");
        assertThat(logged("Purged virtual server (stop): 10.1.1.1:80")).isTrue();
        assertThat(logged("Linux Director Daemon terminated on signal: TERM")).isTrue();

        Files.writeString(config, configText(true));
        Result stopped = run("status");
        assertThat(stopped.exit()).isEqualTo(3);
        assertThat(stopped.out()).isEqualTo("ldirectord is stopped for " + config + "\n");
    }

    @Test
    void startAdoptsAnExistingTableWithoutRemovingAndReAddingAnything() throws Exception {
        String r1 = "127.0.0.1:" + port1;
        String r2 = "127.0.0.1:" + port2;
        // The kernel as a previous instance left it (e.g. after kill -9).
        ProcessBuilder pb = new ProcessBuilder(FAKE_IPVSADM.toString(), "-R");
        pb.environment().put("FAKE_IPVSADM_STATE", state.toString());
        Process p = pb.start();
        try (OutputStream os = p.getOutputStream()) {
            os.write(("-A -t 10.1.1.1:80 -s wrr\n-a -t 10.1.1.1:80 -r " + r1 + " -m -w 1\n-a -t 10.1.1.1:80 -r " + r2
                    + " -m -w 2\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run("start").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream().anyMatch(l -> l.contains("Invoking ldirectord")));
        Thread.sleep(3000); // a few check rounds
        assertThat(run("status").exit()).isZero();
        Result list = run("list");
        assertThat(list.out()).containsPattern(java.util.regex.Pattern.quote(r1) + " +Masq +1 .* up +0 +200 OK")
                .containsPattern(java.util.regex.Pattern.quote(r2) + " +Masq +2 .* up +0 +200 OK");
        assertThat(Files.exists(trace) ? Files.readAllLines(trace) : List.<String>of())
                .noneMatch(l -> l.contains(" -d ") || l.contains(" -a ") || l.contains(" -D ") || l.contains(" -A ")
                        || l.startsWith("stdin"));
        assertThat(logLines()).noneMatch(l -> l.contains("Added real server") || l.contains("Deleted real server"));
    }

    @Test
    void autoreloadPicksUpAChangedFileAndRunsTheCallbackButNotOnATouch() throws Exception {
        Path callbackLog = dir.resolve("callback.log");
        Path callback = dir.resolve("callback.sh");
        Files.writeString(callback, "#!/bin/sh\necho \"$@\" >> " + callbackLog + "\n");
        callback.toFile().setExecutable(true);
        String head = "autoreload=yes\ncallback=\"" + callback + "\"\n";
        Files.writeString(config, head + configText(false));
        assertThat(run("start").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> logged("Added virtual server: 10.1.1.1:80"));

        Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Thread.sleep(2500); // two check intervals: a touch alone must not reload (it is a digest, not mtime only)
        assertThat(logLines()).noneMatch(l -> l.contains("has changed on disk"));

        Files.writeString(config, head + configText(true));
        await().atMost(Duration.ofSeconds(30)).until(() -> logged("Added virtual server: 10.1.1.2:80"));
        assertThat(logged("Configuration file '" + config + "' has changed on disk")).isTrue();
        assertThat(logged(" - reread new configuration")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(callbackLog));
        assertThat(Files.readString(callbackLog)).isEqualTo(config + "\n");
    }

    @Test
    void executeStartsStopsAndReportsTheOtherConfigurations() throws Exception {
        // A launcher script at $0, as /usr/sbin/ldirectord would be: execute= children are run through it.
        Path sbin = Files.createDirectories(dir.resolve("sbin"));
        Path launcher = sbin.resolve("ldirectord");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElseThrow() + "' -cp '"
                + System.getProperty("java.class.path") + "' -XX:TieredStopAtLevel=1 " + Main.class.getName() + " \"$0\" \"$@\"\n");
        launcher.toFile().setExecutable(true);
        Path other = dir.resolve("other.cf");
        Files.writeString(other, "checkinterval=1\nlogfile=\"" + log + "\"\nvirtual=10.1.1.3:80\n\treal=127.0.0.1:" + port1
                + " masq\n\tchecktype=connect\n");
        Files.writeString(config, "execute=" + other + "\n" + configText(false));

        assertThat(run("start").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("ldirectord.other.cf.pid")));
        long otherPid = Long.parseLong(Files.readString(dir.resolve("ldirectord.other.cf.pid")).strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> ipvsadmList().contains("10.1.1.3:80"));

        Result status = run("status");
        assertThat(status.exit()).isZero();
        assertThat(status.err()).contains("ldirectord for " + other + " is running with pid: " + otherPid);

        assertThat(run("stop").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(otherPid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(ipvsadmList()).doesNotContain("10.1.1.3:80").doesNotContain("10.1.1.1:80");
    }

    @Test
    void commandLineErrorsGiveLdirectordsExitCodes() throws Exception {
        assertThat(run("bogus").exit()).isEqualTo(255);
        Result configtest = run("configtest");
        assertThat(configtest.exit()).isZero();
        assertThat(configtest.out()).contains("virtual=10.1.1.1:80");
        Files.writeString(config, "timeout = 30\n");
        Result bad = run("configtest");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).matches("Error \\[\\d+\\] reading file " + java.util.regex.Pattern.quote(config.toString())
                + " at line 1: timeout directive deprecated in favour of checktimeout and negotiatetimeout\n");
        Files.delete(config);
        Result missing = run("status");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Config file " + config + " not found");
        assertThat(run("reload").exit()).isEqualTo(1);
    }
}
