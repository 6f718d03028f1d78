package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -d} (stderr), {@code supervised=yes} (stdout) and the stderr-only lines. */
class ConsoleDestinationsTest extends LogTestSupport {

    @TempDir
    Path dir;

    @Test
    void debugModePrintsEveryLogLineAsDebug2AndThenBare() {
        LogSetup.configure(new LogDestination.Debug(), "ldirectord", SEPTEMBER_4);
        try (StdCapture stderr = StdCapture.stderr(); StdCapture stdout = StdCapture.stdout()) {
            log.info("Starting Linux Director v1.186-ha with pid: {}", 4242);
            log.error("Exiting with exit_status 0: Exiting from ldirectord stop\n");

            assertThat(stderr.text()).isEqualTo(
                    "DEBUG2: Starting Linux Director v1.186-ha with pid: 4242\n"
                            + "Starting Linux Director v1.186-ha with pid: 4242\n"
                            + "DEBUG2: Exiting with exit_status 0: Exiting from ldirectord stop\n"
                            + "Exiting with exit_status 0: Exiting from ldirectord stop\n");
            assertThat(stdout.text()).isEmpty();
        }
    }

    @Test
    void debugModePrintsDebugLinesWithTheirLevel() {
        LogSetup.configure(new LogDestination.Debug(), "ldirectord", SEPTEMBER_4);
        try (StdCapture stderr = StdCapture.stderr()) {
            log.debug("Checking negotiate: real server=x (virtual=tcp:10.0.0.1:80)");
            log.debug(DebugMarkers.DEBUG1, "level one");
            log.debug(DebugMarkers.DEBUG3, "level three");
            log.trace("trace is level three");
            log.debug(DebugMarkers.DEBUG4, "Timeout is 5");

            assertThat(stderr.text()).isEqualTo(
                    "DEBUG2: Checking negotiate: real server=x (virtual=tcp:10.0.0.1:80)\n"
                            + "DEBUG1: level one\n"
                            + "DEBUG3: level three\n"
                            + "DEBUG3: trace is level three\n");
        }
    }

    @Test
    void supervisedPrintsCtimeAndMessageOnStdout() {
        LogSetup.configure(new LogDestination.Supervised(), "ldirectord.cf", SEPTEMBER_4);
        try (StdCapture stdout = StdCapture.stdout(); StdCapture stderr = StdCapture.stderr()) {
            log.info("Starting Linux Director v1.186-ha with pid: 4242");
            log.debug("only with -d");

            assertThat(stdout.text()).isEqualTo(
                    "[" + SEPTEMBER_4_CTIME + "] Starting Linux Director v1.186-ha with pid: 4242\n");
            assertThat(stderr.text()).isEmpty();
        }
    }

    @Test
    void stderrOnlyLinesBypassTheLogDestination() {
        Path file = dir.resolve("ld.log");
        LogSetup.configure(new LogDestination.FileLog(file), "ldirectord", SEPTEMBER_4);
        String message = "Error [" + PID + "] reading file /etc/ha.d/ldirectord.cf at line 3: Unknown command x\n ";
        try (StdCapture stderr = StdCapture.stderr()) {
            LogSetup.printStderr(message);
            assertThat(stderr.text()).isEqualTo(message + "\n");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void secretsAreMaskedOnTheConsoleToo() {
        Secrets.register("t0ps3cret");
        LogSetup.configure(new LogDestination.Debug(), "ldirectord", SEPTEMBER_4);
        try (StdCapture stderr = StdCapture.stderr()) {
            log.info("radius secret t0ps3cret");
            log.debug("sending t0ps3cret");
            LogSetup.printStderr("Unknown command \"    secret=t0ps3cret \"");
            assertThat(stderr.text()).isEqualTo("DEBUG2: radius secret ********\nradius secret ********\n"
                    + "DEBUG2: sending ********\n"
                    + "Unknown command \"    secret=******** \"\n");
        }
        LogSetup.configure(new LogDestination.Supervised(), "ldirectord", SEPTEMBER_4);
        try (StdCapture stdout = StdCapture.stdout()) {
            log.info("radius secret t0ps3cret");
            assertThat(stdout.text()).isEqualTo("[" + SEPTEMBER_4_CTIME + "] radius secret ********\n");
        }
    }

    @Test
    void beforeTheFirstConfigureLinesGoBareToStderr() {
        try (StdCapture stderr = StdCapture.stderr()) {
            LoggerContext.getContext(false).reconfigure(); // the packaged log4j2.xml, as at JVM start
            log.info("Config file ldirectord.cf not found");
            log.debug("not shown");
            assertThat(stderr.text()).isEqualTo("Config file ldirectord.cf not found\n");
        }
    }
}
