package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * /etc/init.d/ldirectord of the installed package, driving the daemon the package's postinst
 * started: LSB commands and exit codes, CONFIG_FILE from /etc/default/ldirectord, and a restart or
 * reload on a broken file that leaves the running daemon alone. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitScriptIT {

    private static final String INIT = "/etc/init.d/ldirectord";
    private static DebHost host;
    private static long firstPid;

    @BeforeAll
    static void install() {
        host = DebHost.require();
        host.freshInstall(host.currentDeb(), Configs.OPERATOR);
    }

    @AfterAll
    static void purge() {
        if (host != null) {
            host.purgeAll();
        }
    }

    @Test
    @Order(1)
    void statusIsZeroWhileTheDaemonStartedByPostinstRuns() {
        Shell.Result r = host.run(INIT, "status");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.all()).contains("ldirectord for /etc/ha.d/ldirectord.cf is running with pid: ");
        firstPid = DebHost.pidFromFile().orElseThrow();
        assertThat(DebHost.daemons()).containsExactly(firstPid);
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES), "the operator's services in IPVS");
    }

    @Test
    @Order(2)
    void reloadAppliesTheChangedFileToTheRunningDaemon() {
        DebHost.writeConfig(DebHost.CONF, Configs.OPERATOR_PLUS_ONE);
        Shell.Result r = host.run(INIT, "reload");
        assertThat(r.exit()).as("%s", r).isZero();
        host.awaitIpvs(rules -> rules.contains(Configs.ADDED_RULE), "the added service in IPVS");
        assertThat(DebHost.pidFromFile()).contains(firstPid);
        Shell.Result force = host.run(INIT, "force-reload");
        assertThat(force.exit()).as("%s", force).isZero();
        assertThat(DebHost.pidFromFile()).contains(firstPid);
    }

    @Test
    @Order(3)
    void restartOnABrokenFileKeepsTheRunningDaemonAndSaysWhy() {
        var before = host.ipvsRules();
        DebHost.writeConfig(DebHost.CONF, Configs.BROKEN);
        try {
            for (String command : new String[] {"restart", "try-restart", "reload", "force-reload"}) {
                Shell.Result r = host.inNamespace(INIT, command);
                assertThat(r.exit()).as("%s", r).isEqualTo(6);
                assertThat(r.err()).as(command).contains("ldirectord.cf has errors", "Unknown command bogusdirective=1",
                        "refusing to " + command + ": the running daemon (pid " + firstPid + ") keeps its current configuration");
            }
            assertThat(DebHost.daemons()).containsExactly(firstPid);
            assertThat(DebHost.pidFromFile()).contains(firstPid);
            assertThat(host.ipvsRules()).isEqualTo(before);
            // status still answers from the pid file (ldirectord would exit 2) and shows the error.
            Shell.Result status = host.run(INIT, "status");
            assertThat(status.exit()).as("%s", status).isZero();
            assertThat(status.err()).contains("Unknown command bogusdirective=1",
                    "ldirectord for /etc/ha.d/ldirectord.cf is running with pid: " + firstPid);
        } finally {
            DebHost.writeConfig(DebHost.CONF, Configs.OPERATOR_PLUS_ONE);
        }
    }

    @Test
    @Order(4)
    void restartStartsANewDaemonAfterTheOldOneCleanedUp() {
        Shell.Result r = host.inNamespace(INIT, "restart");
        assertThat(r.exit()).as("%s", r).isZero();
        long pid = DebHost.pidFromFile().orElseThrow();
        assertThat(pid).isNotEqualTo(firstPid);
        assertThat(DebHost.daemons()).containsExactly(pid);
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES) && rules.contains(Configs.ADDED_RULE),
                "all services back after the restart");
        Shell.Result tryRestart = host.inNamespace(INIT, "try-restart");
        assertThat(tryRestart.exit()).as("%s", tryRestart).isZero();
        assertThat(DebHost.pidFromFile()).isPresent().get().isNotEqualTo(pid);
    }

    @Test
    @Order(5)
    void stopRemovesTheServicesBeforeItReturns() {
        Shell.Result r = host.run(INIT, "stop");
        assertThat(r.exit()).as("%s", r).isZero();
        // No waiting here: stop returns only once the daemon has cleaned up and exited.
        assertThat(DebHost.daemons()).isEmpty();
        assertThat(host.ipvsRules()).isEmpty();
        assertThat(DebHost.PID_FILE).doesNotExist();
        Shell.Result again = host.run(INIT, "stop");
        assertThat(again.exit()).as("stopping a stopped daemon, %s", again).isZero();
    }

    @Test
    @Order(6)
    void statusIsThreeAndReloadSevenAndTryRestartNothingWhenStopped() {
        Shell.Result status = host.run(INIT, "status");
        assertThat(status.exit()).as("%s", status).isEqualTo(3);
        assertThat(status.out()).contains("ldirectord is stopped for /etc/ha.d/ldirectord.cf");
        Shell.Result reload = host.run(INIT, "reload");
        assertThat(reload.exit()).as("%s", reload).isEqualTo(7);
        Shell.Result tryRestart = host.inNamespace(INIT, "try-restart");
        assertThat(tryRestart.exit()).as("%s", tryRestart).isZero();
        assertThat(DebHost.daemons()).isEmpty();
    }

    @Test
    @Order(7)
    void startAfterStopRunsOneDaemonAndStartTwiceIsHarmless() {
        Shell.Result r = host.inNamespace(INIT, "start");
        assertThat(r.exit()).as("%s", r).isZero();
        long pid = DebHost.pidFromFile().orElseThrow();
        Shell.Result again = host.inNamespace(INIT, "start");
        assertThat(again.exit()).as("%s", again).isZero();
        assertThat(DebHost.daemons()).containsExactly(pid);
        host.awaitIpvs(rules -> rules.contains(Configs.ADDED_RULE), "services after start");
        assertThat(host.run(INIT, "stop").exit()).isZero();
        assertThat(host.ipvsRules()).isEmpty();
    }

    @Test
    @Order(8)
    void configFileFromEtcDefaultIsHonoured() {
        Path other = DebHost.CONF.resolveSibling("test-other.cf");
        DebHost.writeConfig(other, Configs.OTHER);
        Path defaults = Path.of("/etc/default/ldirectord");
        String original = read(defaults);
        try {
            DebHost.writeConfig(defaults, original.replace("\nCONFIG_FILE=ldirectord.cf\n", "\nCONFIG_FILE=test-other.cf\n"));
            Shell.Result start = host.inNamespace(INIT, "start");
            assertThat(start.exit()).as("%s", start).isZero();
            assertThat(Path.of("/var/run/ldirectord.test-other.cf.pid")).exists();
            assertThat(DebHost.PID_FILE).doesNotExist();
            host.awaitIpvs(rules -> rules.contains(Configs.OTHER_RULE) && !rules.contains(Configs.ADDED_RULE),
                    "the services of test-other.cf only");
            Shell.Result status = host.run(INIT, "status");
            assertThat(status.exit()).as("%s", status).isZero();
            assertThat(status.all()).contains("/etc/ha.d/test-other.cf is running");
            assertThat(host.run(INIT, "stop").exit()).isZero();
            assertThat(host.ipvsRules()).isEmpty();

            DebHost.writeConfig(defaults, original.replace("\nCONFIG_FILE=ldirectord.cf\n", "\nCONFIG_FILE=test-missing.cf\n"));
            Shell.Result missing = host.inNamespace(INIT, "start");
            assertThat(missing.exit()).as("not configured, %s", missing).isEqualTo(6);
            assertThat(missing.all()).contains("no configuration file test-missing.cf");
            assertThat(host.run(INIT, "status").exit()).isEqualTo(3);
        } finally {
            DebHost.writeConfig(defaults, original);
        }
    }

    @Test
    @Order(9)
    void unknownCommandIsAUsageError() {
        Shell.Result r = host.run(INIT, "frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: /etc/init.d/ldirectord {start|stop|restart|try-restart|reload|force-reload|status}");
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
