package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logfile="local0"}: the real logger child against a syslog socket started here. */
class SyslogTest extends LogTestSupport {

    private static final String TIMESTAMP = "[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path dir;

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    @Test
    void sendsIdentPidFacilityAndInfoPriority() throws Exception {
        Path socket = dir.resolve("log.sock");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("local0", socket), "ldirectord", SEPTEMBER_4);

            log.info("Added virtual server: 10.0.0.1:80");

            waiting().until(() -> syslogd.messages().size() == 1);
            assertThat(syslogd.messages().getFirst()).matches(
                    "<134>" + TIMESTAMP + " ldirectord\\[" + PID + "\\]: Added virtual server: 10\\.0\\.0\\.1:80");
        }
    }

    @Test
    void usesTheConfiguredFacilityAndKeepsTheOrderOfLines() throws Exception {
        Path socket = dir.resolve("log.sock");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("daemon", socket), "ldirectord", SEPTEMBER_4);

            IntStream.range(0, 200).forEach(i -> log.info("line {}", i));
            log.debug("debug lines are not sent");

            waiting().until(() -> syslogd.messages().size() == 200);
            assertThat(syslogd.messages()).allMatch(m -> m.startsWith("<30>"));
            assertThat(syslogd.messages().stream().map(m -> m.substring(m.indexOf("]: ") + 3)))
                    .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "line " + i).toList());
        }
    }

    @Test
    void secretsAreMaskedInSyslog() throws Exception {
        Secrets.register("hunter2");
        Path socket = dir.resolve("log.sock");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("local3", socket), "ldirectord", SEPTEMBER_4);
            log.info("login failed with hunter2");
            waiting().until(() -> syslogd.messages().size() == 1);
            assertThat(syslogd.messages().getFirst()).endsWith("]: login failed with ********");
        }
    }

    @Test
    void aDeadLoggerChildIsReplacedByTheNextLine() throws Exception {
        Path socket = dir.resolve("log.sock");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("local0", socket), "ldirectord", SEPTEMBER_4);
            log.info("first");
            waiting().until(() -> syslogd.messages().size() == 1);
            SyslogSink sink = (SyslogSink) LogSetup.currentSink();
            long firstChild = sink.childPid();

            ProcessHandle.of(firstChild).ifPresent(ProcessHandle::destroyForcibly);
            waiting().until(() -> sink.childPid() == -1);
            log.info("second");

            waiting().until(() -> syslogd.messages().size() == 2);
            assertThat(syslogd.messages().get(1)).endsWith("]: second");
            assertThat(sink.childPid()).isNotIn(-1L, firstChild);
        }
    }

    @Test
    void aRestartedSyslogDaemonGetsTheNextLine() throws Exception {
        Path socket = dir.resolve("log.sock");
        SyslogReceiver first = new SyslogReceiver(socket);
        LogSetup.configure(new LogDestination.Syslog("local0", socket), "ldirectord", SEPTEMBER_4);
        log.info("before restart");
        waiting().until(() -> first.messages().size() == 1);
        first.close();

        try (SyslogReceiver second = new SyslogReceiver(socket)) {
            log.info("after restart");
            waiting().until(() -> second.messages().size() == 1);
            assertThat(second.messages().getFirst()).endsWith("]: after restart");
        }
    }

    @Test
    void missingSyslogSocketSendsTheLineToStderr() {
        LogSetup.configure(new LogDestination.Syslog("local0", dir.resolve("no.sock")), "ldirectord", SEPTEMBER_4);
        try (StdCapture stderr = StdCapture.stderr()) {
            log.info("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
            assertThat(stderr.text()).isEqualTo("Deleted real server: 10.0.0.2:80 (10.0.0.1:80)\n");
        }
    }

    @Test
    void reloadToAFileEndsTheLoggerChildAfterItsLastLine() throws Exception {
        Path socket = dir.resolve("log.sock");
        Path file = dir.resolve("ld.log");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("local0", socket), "ldirectord", SEPTEMBER_4);
            log.info("to syslog");
            long child = ((SyslogSink) LogSetup.currentSink()).childPid();

            LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);
            log.info("to the file");

            waiting().until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
            waiting().until(() -> syslogd.messages().size() == 1);
            assertThat(syslogd.messages().getFirst()).endsWith("]: to syslog");
            assertThat(lines(file)).containsExactly("[" + SEPTEMBER_4_CTIME + "|ldirectord|" + PID + "] to the file");
        }
    }

    @Test
    void shutdownWaitsUntilLoggerHasSentEveryLineAndLaterLinesGoToStderr() throws Exception {
        Path socket = dir.resolve("log.sock");
        try (SyslogReceiver syslogd = new SyslogReceiver(socket)) {
            LogSetup.configure(new LogDestination.Syslog("local0", socket), "ldirectord", SEPTEMBER_4);
            IntStream.range(0, 50).forEach(i -> log.info("Purged real server (stop): 10.0.0.{}:80 (10.0.0.1:80)", i));
            log.info("Linux Director Daemon terminated on signal: TERM");
            long child = ((SyslogSink) LogSetup.currentSink()).childPid();

            LogSetup.shutdown();

            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            waiting().until(() -> syslogd.messages().size() == 51);
            assertThat(syslogd.messages().getLast()).endsWith("]: Linux Director Daemon terminated on signal: TERM");
            try (StdCapture stderr = StdCapture.stderr()) {
                log.info("late line");
                assertThat(stderr.text()).isEqualTo("late line\n");
            }
        }
    }
}
