package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ldirector.director.engine.TestConfigs.config;
import static org.ldirector.director.engine.TestConfigs.globals;
import static org.ldirector.director.engine.TestConfigs.real;
import static org.ldirector.director.engine.TestConfigs.tcp;
import static org.ldirector.director.engine.TestConfigs.virtual;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldirector.director.alert.AlertSink;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.InMemoryIpvs;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

class DirectorTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");
    private static final Endpoint R1 = Endpoint.parse("10.0.0.2:80");
    private static final Endpoint R2 = Endpoint.parse("10.0.0.3:80");

    private final InMemoryIpvs ipvs = new InMemoryIpvs();
    private final ScriptedMonitors monitors = new ScriptedMonitors();
    private final List<String> fallbackCalls = Collections.synchronizedList(new ArrayList<>());
    private final Director director = new Director(ipvs, monitors,
            (cmd, action, vip, proto) -> fallbackCalls.add(cmd + " " + action + " " + vip + " " + proto),
            AlertSink.NONE, Clock.systemUTC(), LatenessRecorder.NONE);

    @AfterEach
    void stop() {
        director.stop();
    }

    private static DirectorConfig twoReals(boolean quiescent) {
        return config(globals(1, false), virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1))
                .fallback("127.0.0.1:80").quiescent(quiescent).fallbackCommand("/usr/local/bin/fb"));
    }

    private List<String> commands() {
        return ipvs.appliedArgs();
    }

    @Test
    void startAddsOnlyHealthyRealsAndNoFallback() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
        director.start(twoReals(false));
        assertThat(ipvs.read().destination(VIP, R1).orElseThrow().weight()).isEqualTo(5);
        assertThat(ipvs.read().destination(VIP, R2)).isEmpty();
        assertThat(commands()).noneMatch(c -> c.contains("10.0.0.3") || c.contains("127.0.0.1"));
        assertThat(fallbackCalls).containsExactly("/usr/local/bin/fb stop 10.0.0.1:80 tcp");
    }

    @Test
    void startAdoptsAHealthyKernelTableWithoutTouchingIt() throws Exception {
        ipvs.apply(List.of(new IpvsCommand.AddService(IpvsService.of(VIP, "wrr")),
                new IpvsCommand.AddDestination(VIP, new IpvsDestination(R1, Forwarding.MASQ, 5, 0, 0)),
                new IpvsCommand.AddDestination(VIP, new IpvsDestination(R2, Forwarding.MASQ, 1, 0, 0))));
        int before = ipvs.applied().size();
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        director.start(twoReals(false));
        assertThat(ipvs.applied()).hasSize(before);
    }

    @Test
    void deadRealInAdoptedTableIsRemovedOnceWithoutBeingReAdded() throws Exception {
        ipvs.apply(List.of(new IpvsCommand.AddService(IpvsService.of(VIP, "wrr")),
                new IpvsCommand.AddDestination(VIP, new IpvsDestination(R1, Forwarding.MASQ, 5, 0, 0)),
                new IpvsCommand.AddDestination(VIP, new IpvsDestination(R2, Forwarding.MASQ, 1, 0, 0))));
        int before = ipvs.applied().size();
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
        director.start(twoReals(false));
        assertThat(commands().subList(before, commands().size())).containsExactly("-d -t 10.0.0.1:80 -r 10.0.0.3:80");
    }

    @Test
    void realsGoingDownAndUpMoveTheTableAndTheFallback() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        director.start(twoReals(false));
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.DOWN);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
        director.checkNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R1).isEmpty()
                && ipvs.read().destination(VIP, R2).isEmpty()
                && ipvs.read().destination(VIP, Endpoint.parse("127.0.0.1:80")).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> fallbackCalls.contains("/usr/local/bin/fb start 10.0.0.1:80 tcp"));
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        director.checkNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R2).isPresent()
                && ipvs.read().destination(VIP, Endpoint.parse("127.0.0.1:80")).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> fallbackCalls.size() == 3);
        assertThat(fallbackCalls).containsExactly("/usr/local/bin/fb stop 10.0.0.1:80 tcp",
                "/usr/local/bin/fb start 10.0.0.1:80 tcp", "/usr/local/bin/fb stop 10.0.0.1:80 tcp");
    }

    @Test
    void quiescentDeadRealStaysInTheTableWithWeightZero() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
        director.start(twoReals(true));
        assertThat(ipvs.read().destination(VIP, R2).orElseThrow().weight()).isZero();
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.DOWN);
        director.checkNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R1).map(d -> d.weight() == 0).orElse(false));
    }

    @Test
    void aHungCheckDelaysNoOtherCheck() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.HANG);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        DirectorConfig c = config(globals(1, false), virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1))
                .check(TestConfigs.check(CheckType.NEGOTIATE, 1)));
        long t0 = System.nanoTime();
        director.start(c);
        // The hung real is bounded by its 1 s timeout; the healthy one is in the table meanwhile.
        assertThat(ipvs.read().destination(VIP, R2)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        int before = monitors.probes("10.0.0.3");
        await().atMost(Duration.ofSeconds(5)).until(() -> monitors.probes("10.0.0.3") >= before + 2);
    }

    @Test
    void aFailedBatchIsRetriedAndNeverRecordedAsApplied() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        ipvs.failNextBatches(1);
        director.start(twoReals(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> ipvs.read().destination(VIP, R1).isPresent()
                && ipvs.read().destination(VIP, R2).isPresent());
    }

    @Test
    void anErrorWhileUpdatingTheTableDoesNotFreezeIt() throws Exception {
        // An Error (here out of memory) thrown by a pass must not end the reconciler: the table
        // would stay frozen while checks go on.
        AtomicInteger errorsLeft = new AtomicInteger(1);
        IpvsBackend failingOnce = new IpvsBackend() {
            @Override
            public IpvsTable read() throws IpvsException {
                return ipvs.read();
            }

            @Override
            public void apply(List<IpvsCommand> commands) throws IpvsException {
                if (errorsLeft.getAndDecrement() > 0) {
                    throw new OutOfMemoryError("Java heap space (test)");
                }
                ipvs.apply(commands);
            }

            @Override
            public String describe() {
                return "failing once";
            }
        };
        Director d = new Director(failingOnce, monitors, (cmd, action, vip, proto) -> { }, AlertSink.NONE,
                Clock.systemUTC(), LatenessRecorder.NONE);
        try {
            monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
            monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
            d.start(twoReals(false));
            await().atMost(Duration.ofSeconds(10)).until(() -> ipvs.read().destination(VIP, R1).isPresent()
                    && ipvs.read().destination(VIP, R2).isPresent());
            assertThat(errorsLeft.get()).isNegative();
            monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
            d.checkNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R2).isEmpty());
        } finally {
            d.stop();
        }
    }

    @Test
    void reloadAppliesOnlyTheDifferenceAndKeepsHealth() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        director.start(twoReals(false));
        int before = ipvs.applied().size();
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.HANG); // would be down if it were checked again from scratch
        DirectorConfig changed = config(globals(1, false), virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5))
                .real(real("10.0.0.3:80", 1)).fallback("127.0.0.1:80").scheduler("rr").fallbackCommand("/usr/local/bin/fb"),
                virtual("10.0.0.9:80").real(real("10.0.0.2:80", 5)));
        director.reload(changed);
        assertThat(commands().subList(before, commands().size())).containsExactly(
                "-E -t 10.0.0.1:80 -s rr",
                "-A -t 10.0.0.9:80 -s wrr",
                "-a -t 10.0.0.9:80 -x 0 -y 0 -r 10.0.0.2:80 -m -w 5");
    }

    @Test
    void reloadPurgesVirtualsThatAreGone() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        director.start(twoReals(false));
        director.reload(config(globals(1, false), virtual("10.0.0.9:80").real(real("10.0.0.2:80", 5))));
        assertThat(ipvs.read().service(VIP)).isEmpty();
        assertThat(ipvs.read().service(tcp("10.0.0.9:80"))).isPresent();
    }

    @Test
    void realInMaintenanceIsForcedDownAndComesBackWhenTheFileGoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path maint = java.nio.file.Files.createDirectory(tmp.resolve("maint"));
        java.nio.file.Path monitor = tmp.resolve("monitor.log");
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        DirectorConfig c = config(TestConfigs.withMaintenanceDir(globals(1, false), maint),
                virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1)).monitorFile(monitor));
        java.nio.file.Files.createFile(maint.resolve("10.0.0.2:80"));
        director.start(c);
        assertThat(ipvs.read().destination(VIP, R1)).isEmpty();
        assertThat(ipvs.read().destination(VIP, R2)).isPresent();
        assertThat(java.nio.file.Files.readString(monitor))
                // An empty receive leaves the id's last ':' as a trailing space, as in ldirectord.
                .contains("negotiate http tcp 10.0.0.2 80 5 masq /  [down] Server in maintenance")
                .contains("negotiate http tcp 10.0.0.3 80 1 masq /  [up] 200 OK");
        java.nio.file.Files.delete(maint.resolve("10.0.0.2:80"));
        director.checkNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R1).isPresent());
    }

    @Test
    void riseKeepsAFlappingRealOutUntilItPassesSeveralChecksInARow() throws Exception {
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        DirectorConfig c = config(globals(1, false), virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5))
                .check(TestConfigs.withRise(TestConfigs.check(CheckType.NEGOTIATE, 1), 3)));
        director.start(c);
        assertThat(ipvs.read().destination(VIP, R1)).isPresent();
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.DOWN);
        director.checkNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> ipvs.read().destination(VIP, R1).isEmpty());
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        int probes = monitors.probes("10.0.0.2");
        await().atMost(Duration.ofSeconds(10)).until(() -> monitors.probes("10.0.0.2") >= probes + 2);
        assertThat(ipvs.read().destination(VIP, R1)).as("two successes are not enough with rise=3").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> ipvs.read().destination(VIP, R1).isPresent());
    }

    @Test
    void everyAppliedChangeReachesTheAlertSinkWithTheDaemonState() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Director d = new Director(ipvs, monitors, (cmd, action, vip, proto) -> { }, new org.ldirector.director.alert.AlertSink() {
            @Override
            public void changed(org.ldirector.director.alert.TableEvent event, org.ldirector.director.config.EmailAlert.DaemonStatus s) {
                events.add(event.kind() + " " + event.server() + " " + s + " | " + event.message());
            }

            @Override
            public void tick(org.ldirector.director.config.EmailAlert.DaemonStatus s) {
            }
        }, Clock.systemUTC(), LatenessRecorder.NONE);
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        monitors.set("10.0.0.3", ScriptedMonitors.Answer.UP);
        try {
            d.start(twoReals(false));
            assertThat(d.status()).isEqualTo(org.ldirector.director.config.EmailAlert.DaemonStatus.RUNNING);
            monitors.set("10.0.0.3", ScriptedMonitors.Answer.DOWN);
            d.checkNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        } finally {
            d.stop();
        }
        assertThat(events).startsWith(
                "ADDED_REAL 10.0.0.2:80 STARTING | Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 5)",
                "ADDED_REAL 10.0.0.3:80 STARTING | Added real server: 10.0.0.3:80 (10.0.0.1:80) (Weight set to 1)",
                "DELETED_REAL 10.0.0.3:80 RUNNING | Deleted real server: 10.0.0.3:80 (10.0.0.1:80)");
        assertThat(events).contains("PURGED_REAL_STOP 10.0.0.2:80 STOPPING | Purged real server (stop): 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void stopWithCleanstopRemovesOurServicesOnly() throws Exception {
        ServiceKey other = tcp("10.9.9.9:80");
        ipvs.apply(List.of(new IpvsCommand.AddService(IpvsService.of(other, "rr"))));
        monitors.set("10.0.0.2", ScriptedMonitors.Answer.UP);
        director.start(twoReals(false));
        director.stop();
        assertThat(ipvs.read().services().keySet()).containsExactly(other);
    }
}
