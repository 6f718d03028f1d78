package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster managers' ways of running ldirectord, unchanged, against the installed package: the OCF
 * agent ocf:heartbeat:ldirectord from Debian's resource-agents (downloaded and unpacked, not
 * installed) and Heartbeat R1's haresources call of /etc/ha.d/resource.d/ldirectord. Both share the
 * pid file of the init script for the default configuration, so each sees the daemon the other
 * started. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAgentsIT {

    // OCF return codes
    private static final int OCF_SUCCESS = 0;
    private static final int OCF_NOT_RUNNING = 7;
    private static final String HEARTBEAT = "/etc/ha.d/resource.d/ldirectord";

    private static DebHost host;
    private static Path ocfRoot;

    @BeforeAll
    static void install() {
        host = DebHost.require();
        ocfRoot = unpackResourceAgents(host);
        host.freshInstall(host.currentDeb(), Configs.OPERATOR);
    }

    @AfterAll
    static void purge() {
        if (host != null) {
            host.purgeAll();
        }
    }

    /** usr/lib/ocf of Debian's resource-agents: apt-get download (cached in target/ocf), dpkg-deb -x. */
    static Path unpackResourceAgents(DebHost host) {
        Path dir = host.build.resolve("ocf");
        Path root = dir.resolve("root/usr/lib/ocf");
        if (Files.isExecutable(root.resolve("resource.d/heartbeat/ldirectord"))) {
            return root;
        }
        try {
            Files.createDirectories(dir);
            String download = "cd '" + dir + "' && apt-get download -q resource-agents";
            Shell.Result r = host.run("sh", "-c", download);
            if (r.exit() != 0) {
                host.run("apt-get", "update", "-qq");
                r = host.run("sh", "-c", download);
            }
            assertThat(r.exit()).as("apt-get download resource-agents: %s", r).isZero();
            Path deb;
            try (Stream<Path> files = Files.list(dir)) {
                deb = files.filter(p -> p.getFileName().toString().matches("resource-agents_.*\\.deb")).findFirst().orElseThrow();
            }
            host.run("dpkg-deb", "-x", deb.toString(), dir.resolve("root").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(root.resolve("resource.d/heartbeat/ldirectord")).isExecutable();
        assertThat(root.resolve("lib/heartbeat/ocf-shellfuncs")).exists();
        return root;
    }

    private static Shell.Result ocf(String action) {
        Shell ocfShell = host.shell.with(Map.of("OCF_ROOT", ocfRoot.toString(),
                "OCF_RESKEY_configfile", "/etc/ha.d/ldirectord.cf", "OCF_RESKEY_ldirectord", "/usr/sbin/ldirectord"));
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                host.work.resolve("in-namespace").toString(), ocfRoot.resolve("resource.d/heartbeat/ldirectord").toString(), action));
        return ocfShell.run(cmd);
    }

    @Test
    @Order(1)
    void ocfMonitorSeesTheDaemonThePackageStarted() {
        assertThat(DebHost.daemons()).hasSize(1);
        Shell.Result r = ocf("monitor");
        assertThat(r.exit()).as("%s", r).isEqualTo(OCF_SUCCESS);
        assertThat(ocf("validate-all").exit()).isEqualTo(OCF_SUCCESS);
        Shell.Result meta = ocf("meta-data");
        assertThat(meta.exit()).isEqualTo(OCF_SUCCESS);
        assertThat(meta.out()).contains("<resource-agent name=\"ldirectord\"");
    }

    @Test
    @Order(2)
    void ocfStopRemovesTheServicesAndMonitorThenSaysNotRunning() {
        Shell.Result stop = ocf("stop");
        assertThat(stop.exit()).as("%s", stop).isEqualTo(OCF_SUCCESS);
        assertThat(DebHost.daemons()).isEmpty();
        assertThat(host.ipvsRules()).isEmpty();
        Shell.Result monitor = ocf("monitor");
        assertThat(monitor.exit()).as("%s", monitor).isEqualTo(OCF_NOT_RUNNING);
        assertThat(ocf("stop").exit()).as("stop when stopped").isEqualTo(OCF_SUCCESS);
    }

    @Test
    @Order(3)
    void ocfStartRunsADaemonTheAgentCanFindByItsCommandLine() {
        Shell.Result start = ocf("start");
        assertThat(start.exit()).as("%s", start).isEqualTo(OCF_SUCCESS);
        assertThat(ocf("monitor").exit()).isEqualTo(OCF_SUCCESS);
        long pid = DebHost.pidFromFile().orElseThrow();
        assertThat(DebHost.daemons()).containsExactly(pid);
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES), "services after OCF start");
        // The agent's fallback when status fails: pgrep -f "$LDIRECTORD $LDIRCONF start".
        Shell.Result pgrep = host.run("pgrep", "-f", "/usr/sbin/ldirectord /etc/ha.d/ldirectord.cf start");
        assertThat(pgrep.out().lines()).containsExactly(Long.toString(pid));
        assertThat(ocf("start").exit()).as("start when running").isEqualTo(OCF_SUCCESS);
        assertThat(DebHost.daemons()).containsExactly(pid);
    }

    @Test
    @Order(4)
    void ocfAfterACrashSeesAStalePidFileAndStartsAgain() throws Exception {
        long dead = DebHost.pidFromFile().orElseThrow();
        host.run("kill", "-KILL", Long.toString(dead));
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc/" + dead)); i++) {
            Thread.sleep(50);
        }
        Shell.Result monitor = ocf("monitor");
        assertThat(monitor.exit()).as("stale pid file = not running, %s", monitor).isEqualTo(OCF_NOT_RUNNING);
        Shell.Result start = ocf("start");
        assertThat(start.exit()).as("%s", start).isEqualTo(OCF_SUCCESS);
        long pid = DebHost.pidFromFile().orElseThrow();
        assertThat(pid).isNotEqualTo(dead);
        assertThat(DebHost.daemons()).containsExactly(pid);
        host.awaitIpvs(rules -> rules.size() == Configs.OPERATOR_RULES.size() && rules.containsAll(Configs.OPERATOR_RULES),
                "the crashed daemon's table taken over");
    }

    @Test
    @Order(5)
    void heartbeatHaresourcesCallsWorkOnTheSameDaemon() {
        long pid = DebHost.pidFromFile().orElseThrow();
        Shell.Result status = host.run(HEARTBEAT, "ldirectord.cf", "status");
        assertThat(status.exit()).as("%s", status).isZero();
        assertThat(status.all()).contains("is running with pid: " + pid);
        // Heartbeat reads only stdout and so always issues start; that must be harmless.
        Shell.Result start = host.inNamespace(HEARTBEAT, "ldirectord.cf", "start");
        assertThat(start.exit()).as("%s", start).isZero();
        assertThat(DebHost.daemons()).containsExactly(pid);

        Shell.Result stop = host.run(HEARTBEAT, "ldirectord.cf", "stop");
        assertThat(stop.exit()).as("%s", stop).isZero();
        assertThat(DebHost.daemons()).isEmpty();
        assertThat(host.ipvsRules()).isEmpty();
        Shell.Result stopped = host.run(HEARTBEAT, "ldirectord.cf", "status");
        assertThat(stopped.exit()).as("%s", stopped).isEqualTo(3);
        assertThat(stopped.out()).contains("ldirectord is stopped for /etc/ha.d/ldirectord.cf");

        Shell.Result again = host.inNamespace(HEARTBEAT, "ldirectord.cf", "start");
        assertThat(again.exit()).as("%s", again).isZero();
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES), "services after the haresources start");
        // The process command line carries the resource script's path, with "ldirectord" in it.
        long newPid = DebHost.pidFromFile().orElseThrow();
        assertThat(host.run("pgrep", "-f", "/etc/ha.d/resource.d/ldirectord ldirectord.cf start").out().lines())
                .containsExactly(Long.toString(newPid));
        assertThat(ocf("monitor").exit()).as("the OCF agent sees Heartbeat's daemon").isEqualTo(OCF_SUCCESS);
        assertThat(ocf("stop").exit()).isEqualTo(OCF_SUCCESS);
        assertThat(host.ipvsRules()).isEmpty();
    }

    @Test
    @Order(6)
    void heartbeatWithAnUnknownConfigurationFailsWithExitOne() {
        Shell.Result r = host.run(HEARTBEAT, "test-none.cf", "start");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("Config file test-none.cf not found");
    }
}
