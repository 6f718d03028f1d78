package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The package's life on a machine: first installation over an operator's existing ldirectord.cf,
 * upgrade from the previous build, removal and purge, each leaving no stray process and no IPVS
 * entry behind. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageLifecycleIT {

    private static final Path WANTS = Path.of("/etc/systemd/system/multi-user.target.wants/ldirectord.service");
    private static DebHost host;
    private static long firstPid;

    @BeforeAll
    static void requireHost() {
        host = DebHost.require();
    }

    @AfterAll
    static void purge() {
        if (host != null) {
            host.purgeAll();
        }
    }

    @Test
    @Order(1)
    void firstInstallKeepsTheOperatorsConfigurationAndStartsTheDaemon() throws IOException {
        Shell.Result r = host.freshInstall(host.previousDeb(), Configs.OPERATOR);
        assertThat(r.all()).doesNotContain("Configuration file '/etc/ha.d/ldirectord.cf'");
        assertThat(Files.readString(DebHost.CONF)).isEqualTo(Configs.OPERATOR);
        assertThat(DebHost.CONF.resolveSibling("ldirectord.cf.ldirector-keep")).doesNotExist();
        assertThat(host.run("dpkg-query", "-W", "-f=${Version}", DebHost.PACKAGE).out()).isEqualTo("0~previous");

        firstPid = DebHost.pidFromFile().orElseThrow(() -> new AssertionError("postinst did not start the daemon: " + r));
        assertThat(DebHost.daemons()).containsExactly(firstPid);
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES), "the operator's services in IPVS");
        assertThat(Path.of("/etc/rc2.d/S01ldirectord")).exists();
        assertThat(WANTS).as("enabled for systemd").isSymbolicLink();
    }

    @Test
    @Order(2)
    void installedUnitPassesSystemdAnalyzeVerifyAndTheManPageIsFound() {
        Shell.Result verify = host.run("systemd-analyze", "verify", "/usr/lib/systemd/system/ldirectord.service");
        assertThat(verify.exit()).as("%s", verify).isZero();
        assertThat(verify.all()).as("%s", verify).doesNotContain("ldirectord.service:");
        assertThat(host.run("man", "-w", "ldirectord").out().strip()).isEqualTo("/usr/share/man/man8/ldirectord.8.gz");
    }

    @Test
    @Order(3)
    void upgradeRestartsTheRunningDaemonOnTheNewCode() {
        host.dpkgInstall(host.currentDeb());
        long pid = DebHost.pidFromFile().orElseThrow();
        assertThat(pid).as("restarted").isNotEqualTo(firstPid);
        assertThat(Path.of("/proc/" + firstPid)).doesNotExist();
        assertThat(DebHost.daemons()).containsExactly(pid);
        assertThat(DebHost.deletedOpenFiles(pid)).as("files of the previous version still open").isEmpty();
        assertThat(Path.of("/usr/share/ldirector/lib/ldirector-director-0.0.0-previous.jar")).doesNotExist();
        host.awaitIpvs(rules -> rules.size() == Configs.OPERATOR_RULES.size() && rules.containsAll(Configs.OPERATOR_RULES),
                "the services back after the upgrade");
        assertThat(Files.exists(DebHost.CONF.resolveSibling("ldirectord.cf.dpkg-dist"))).isFalse();
    }

    @Test
    @Order(4)
    void upgradeLeavesAStoppedDaemonStopped() {
        assertThat(host.run("/etc/init.d/ldirectord", "stop").exit()).isZero();
        assertThat(host.ipvsRules()).isEmpty();
        host.dpkgInstall(host.currentDeb());
        assertThat(DebHost.daemons()).as("a cluster manager may run it on the other node").isEmpty();
        assertThat(host.ipvsRules()).isEmpty();
    }

    @Test
    @Order(5)
    void removeStopsEveryInstanceAndLeavesNoIpvsEntry() throws IOException {
        assertThat(host.inNamespace("/etc/init.d/ldirectord", "start").exit()).isZero();
        Path other = DebHost.CONF.resolveSibling("test-other.cf");
        DebHost.writeConfig(other, Configs.OTHER);
        Shell.Result second = host.inNamespace("/usr/sbin/ldirectord", other.toString(), "start");
        assertThat(second.exit()).as("%s", second).isZero();
        assertThat(DebHost.daemons()).hasSize(2);
        host.awaitIpvs(rules -> rules.containsAll(Configs.OPERATOR_RULES) && rules.contains(Configs.OTHER_RULE),
                "both instances' services");

        Shell.Result remove = host.dpkg(true, "--remove", DebHost.PACKAGE);
        assertThat(remove.exit()).as("%s", remove).isZero();
        assertThat(DebHost.daemons()).as("processes left by dpkg --remove").isEmpty();
        assertThat(host.ipvsRules()).as("IPVS entries left by dpkg --remove").isEmpty();
        assertThat(host.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", DebHost.PACKAGE).out()).startsWith("rc");
        assertThat(Path.of("/usr/sbin/ldirectord")).doesNotExist();
        assertThat(Files.readString(DebHost.CONF)).as("configuration kept until purge").isEqualTo(Configs.OPERATOR);
        Shell.Result init = host.run("/etc/init.d/ldirectord", "status");
        assertThat(init.exit()).as("the init script of a removed package, %s", init).isEqualTo(4);
    }

    @Test
    @Order(6)
    void purgeRemovesConfigurationLinksAndLog() {
        Shell.Result purge = host.dpkg(false, "--purge", DebHost.PACKAGE);
        assertThat(purge.exit()).as("%s", purge).isZero();
        for (String p : new String[] {"/etc/ha.d/ldirectord.cf", "/etc/default/ldirectord", "/etc/init.d/ldirectord",
                "/etc/logrotate.d/ldirectord", "/etc/rc2.d/S01ldirectord", "/var/log/ldirectord.log"}) {
            assertThat(Path.of(p)).as(p).doesNotExist();
        }
        assertThat(Files.isSymbolicLink(WANTS)).isFalse();
        assertThat(host.installed(DebHost.PACKAGE)).isFalse();
    }
}
