package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.engine.TestConfigs.config;
import static org.ldirector.director.engine.TestConfigs.gate;
import static org.ldirector.director.engine.TestConfigs.real;
import static org.ldirector.director.engine.TestConfigs.tcp;
import static org.ldirector.director.engine.TestConfigs.virtual;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

class TablePlannerTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");

    private static Map<RealKey, Health> health(Object... pairs) {
        Map<RealKey, Health> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(new RealKey(VIP, Endpoint.parse((String) pairs[i])), (Health) pairs[i + 1]);
        }
        return m;
    }

    private static List<PlannedChange> plan(DirectorConfig c, Map<RealKey, Health> h, IpvsTable kernel, boolean purge) {
        return TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(), false, purge, Set.of()), kernel);
    }

    private static List<String> lines(List<PlannedChange> plan) {
        return plan.stream().map(p -> p.command().ipvsadmArgs() + " | " + p.message()).toList();
    }

    /** Applies the plan to {@code kernel}, as the kernel would. */
    private static IpvsTable applied(IpvsTable kernel, List<PlannedChange> plan) throws IpvsException {
        IpvsTable t = kernel;
        for (PlannedChange p : plan) {
            t = t.apply(p.command());
        }
        return t;
    }

    @Test
    void unknownRealsLeaveTheKernelAloneAndNoFallbackIsAddedYet() {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallback("127.0.0.1:80"));
        assertThat(lines(plan(c, Map.of(), IpvsTable.EMPTY, true)))
                .containsExactly("-A -t 10.0.0.1:80 -s wrr | Added virtual server: 10.0.0.1:80");
    }

    @Test
    void healthyRealIsAddedWithItsWeightAndThresholdsAndDeadOneIsNotTouched() {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1)));
        assertThat(lines(plan(c, health("10.0.0.2:80", Health.UP, "10.0.0.3:80", Health.DOWN), IpvsTable.EMPTY, true)))
                .containsExactly(
                        "-A -t 10.0.0.1:80 -s wrr | Added virtual server: 10.0.0.1:80",
                        "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -m -w 5 | Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 5)");
    }

    @Test
    void fallbackIsAddedWhenEveryRealIsKnownDown() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallback("127.0.0.1:80"));
        List<PlannedChange> p = plan(c, health("10.0.0.2:80", Health.DOWN), IpvsTable.EMPTY, true);
        assertThat(lines(p)).containsExactly(
                "-A -t 10.0.0.1:80 -s wrr | Added virtual server: 10.0.0.1:80",
                "-a -t 10.0.0.1:80 -x 0 -y 0 -r 127.0.0.1:80 -g -w 1 | Added fallback server: 127.0.0.1:80 (10.0.0.1:80) (Weight set to 1)");
        assertThat(plan(c, health("10.0.0.2:80", Health.DOWN), applied(IpvsTable.EMPTY, p), false)).isEmpty();
    }

    @Test
    void realComingBackIsAddedBeforeTheFallbackIsRemoved() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallback("127.0.0.1:80"));
        IpvsTable withFallback = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.DOWN), IpvsTable.EMPTY, true));
        assertThat(lines(plan(c, health("10.0.0.2:80", Health.UP), withFallback, false))).containsExactly(
                "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -m -w 5 | Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 5)",
                "-d -t 10.0.0.1:80 -r 127.0.0.1:80 | Deleted fallback server: 127.0.0.1:80 (10.0.0.1:80)");
    }

    @Test
    void lastRealGoingDownGetsTheFallbackAddedBeforeItIsDeleted() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallback("127.0.0.1:80"));
        IpvsTable up = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.UP), IpvsTable.EMPTY, true));
        assertThat(lines(plan(c, health("10.0.0.2:80", Health.DOWN), up, false))).containsExactly(
                "-a -t 10.0.0.1:80 -x 0 -y 0 -r 127.0.0.1:80 -g -w 1 | Added fallback server: 127.0.0.1:80 (10.0.0.1:80) (Weight set to 1)",
                "-d -t 10.0.0.1:80 -r 10.0.0.2:80 | Deleted real server: 10.0.0.2:80 (10.0.0.1:80)");
    }

    @Test
    void quiescentRealKeepsEntryWithWeightZero() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1)).quiescent(true));
        IpvsTable up = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.UP, "10.0.0.3:80", Health.UP), IpvsTable.EMPTY, true));
        List<PlannedChange> p = plan(c, health("10.0.0.2:80", Health.DOWN, "10.0.0.3:80", Health.UP), up, false);
        assertThat(lines(p)).containsExactly(
                "-e -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0 | Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)");
        IpvsTable quiesced = applied(up, p);
        assertThat(quiesced.destination(VIP, Endpoint.parse("10.0.0.2:80")).orElseThrow().weight()).isZero();
        assertThat(lines(plan(c, health("10.0.0.2:80", Health.UP, "10.0.0.3:80", Health.UP), quiesced, false))).containsExactly(
                "-e -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -m -w 5 | Restored real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 5)");
    }

    @Test
    void quiescentDownRealAbsentFromKernelIsAddedWithWeightZeroOnlyWhenAsked() {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1)).quiescent(true));
        Map<RealKey, Health> h = health("10.0.0.2:80", Health.DOWN, "10.0.0.3:80", Health.UP);
        RealKey down = new RealKey(VIP, Endpoint.parse("10.0.0.2:80"));
        List<PlannedChange> asked = TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(down), false, false, Set.of()), IpvsTable.EMPTY);
        assertThat(lines(asked)).contains(
                "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0 | Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)");
        List<PlannedChange> readd = TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(down), true, false, Set.of()), IpvsTable.EMPTY);
        assertThat(lines(readd)).contains(
                "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0 | Readd Quiescent real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)");
        List<PlannedChange> notAsked = TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(), false, false, Set.of()), IpvsTable.EMPTY);
        assertThat(lines(notAsked)).noneMatch(l -> l.contains("10.0.0.2:80 -m -w 0"));
    }

    @Test
    void adoptedTableThatMatchesNeedsNoChange() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallback("127.0.0.1:80"));
        IpvsTable adopted = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.UP), IpvsTable.EMPTY, true));
        assertThat(plan(c, health("10.0.0.2:80", Health.UP), adopted, true)).isEmpty();
        assertThat(plan(c, Map.of(), adopted, true)).isEmpty();
    }

    @Test
    void unconfiguredRealsArePurgedOnlyOnTheFirstPassAfterStartOrReload() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)));
        IpvsTable t = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.UP), IpvsTable.EMPTY, true));
        t = t.apply(new IpvsCommand.AddDestination(VIP, new org.ldirector.director.ipvs.IpvsDestination(
                Endpoint.parse("10.0.0.9:80"), org.ldirector.director.ipvs.Forwarding.MASQ, 1, 0, 0)));
        assertThat(plan(c, health("10.0.0.2:80", Health.UP), t, false)).isEmpty();
        assertThat(lines(plan(c, health("10.0.0.2:80", Health.UP), t, true))).containsExactly(
                "-d -t 10.0.0.1:80 -r 10.0.0.9:80 | Purged real server (start): 10.0.0.9:80 (10.0.0.1:80)");
    }

    @Test
    void virtualsDroppedFromTheConfigArePurgedAndUnmanagedOnesAreLeftAlone() throws Exception {
        IpvsTable t = IpvsTable.EMPTY
                .apply(new IpvsCommand.AddService(org.ldirector.director.ipvs.IpvsService.of(tcp("10.0.0.5:80"), "rr")))
                .apply(new IpvsCommand.AddService(org.ldirector.director.ipvs.IpvsService.of(tcp("10.0.0.6:80"), "rr")));
        DirectorConfig c = config(virtual("10.0.0.1:80"));
        List<PlannedChange> p = TablePlanner.plan(new TablePlanner.Inputs(c, Map.of(), Set.of(), false, true,
                Set.of(tcp("10.0.0.5:80"))), t);
        assertThat(lines(p)).containsExactly(
                "-D -t 10.0.0.5:80 | Purged virtual server (start): 10.0.0.5:80",
                "-A -t 10.0.0.1:80 -s wrr | Added virtual server: 10.0.0.1:80");
    }

    @Test
    void changedServiceSettingsAreEditedNotRecreated() throws Exception {
        IpvsTable t = IpvsTable.EMPTY.apply(new IpvsCommand.AddService(org.ldirector.director.ipvs.IpvsService.of(VIP, "wlc")));
        DirectorConfig c = config(virtual("10.0.0.1:80").scheduler("rr"));
        assertThat(lines(plan(c, Map.of(), t, false))).containsExactly("-E -t 10.0.0.1:80 -s rr | Changed virtual server: 10.0.0.1:80");
    }

    @Test
    void portlessGateRealMatchesTheKernelEntryAtTheVirtualPort() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(gate("10.0.0.2:0", 1)));
        IpvsTable t = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:0", Health.UP), IpvsTable.EMPTY, true));
        assertThat(t.destination(VIP, Endpoint.parse("10.0.0.2:80"))).isPresent();
        assertThat(plan(c, health("10.0.0.2:0", Health.UP), t, true)).isEmpty();
    }

    @Test
    void realConfiguredWithWeightZeroAndThresholdsConverges() throws Exception {
        org.ldirector.director.config.RealServer r = new org.ldirector.director.config.RealServer(Endpoint.parse("10.0.0.2:80"),
                org.ldirector.director.ipvs.Forwarding.MASQ, 0, java.util.Optional.empty(), java.util.Optional.empty(), 10, 100, 0);
        DirectorConfig c = config(virtual("10.0.0.1:80").real(r));
        IpvsTable t = applied(IpvsTable.EMPTY, plan(c, health("10.0.0.2:80", Health.UP), IpvsTable.EMPTY, true));
        assertThat(plan(c, health("10.0.0.2:80", Health.UP), t, false)).isEmpty();
    }

    @Test
    void stopPurgesUpRealsThenTheServiceOnlyWithCleanstop() throws Exception {
        DirectorConfig c = config(
                virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 1)).quiescent(true),
                new TestConfigs.V("10.0.0.7:80").cleanstop(false));
        Map<RealKey, Health> h = health("10.0.0.2:80", Health.UP, "10.0.0.3:80", Health.DOWN);
        RealKey down = new RealKey(VIP, Endpoint.parse("10.0.0.3:80"));
        IpvsTable t = applied(IpvsTable.EMPTY, TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(down), false, true, Set.of()), IpvsTable.EMPTY));
        assertThat(lines(TablePlanner.planStop(c, h, t))).containsExactly(
                "-d -t 10.0.0.1:80 -r 10.0.0.2:80 | Purged real server (stop): 10.0.0.2:80 (10.0.0.1:80)",
                "-D -t 10.0.0.1:80 | Purged virtual server (stop): 10.0.0.1:80");
    }

    @Test
    void aDrainedRealKeepsItsEntryAtWeightZeroAndAMaintainedOneLeavesTheTable() throws Exception {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 5)).quiescent(true)
                .fallback("127.0.0.1:80"));
        Map<RealKey, Health> h = health("10.0.0.2:80", Health.UP, "10.0.0.3:80", Health.UP);
        IpvsTable kernel = applied(IpvsTable.EMPTY, plan(c, h, IpvsTable.EMPTY, true));
        Map<RealKey, AdminMark> marks = Map.of(new RealKey(VIP, Endpoint.parse("10.0.0.2:80")), AdminMark.DRAIN,
                new RealKey(VIP, Endpoint.parse("10.0.0.3:80")), AdminMark.MAINTENANCE);
        List<PlannedChange> p = TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(), false, false, Set.of(), marks), kernel);
        assertThat(lines(p)).containsExactly(
                "-e -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0 | Drained real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 0)",
                "-a -t 10.0.0.1:80 -x 0 -y 0 -r 127.0.0.1:80 -g -w 1 | Added fallback server: 127.0.0.1:80 (10.0.0.1:80) (Weight set to 1)",
                "-d -t 10.0.0.1:80 -r 10.0.0.3:80 | Deleted real server: 10.0.0.3:80 (10.0.0.1:80)");
        IpvsTable after = applied(kernel, p);
        assertThat(after.destination(VIP, Endpoint.parse("10.0.0.2:80")).orElseThrow().weight()).isZero();
        assertThat(after.destination(VIP, Endpoint.parse("10.0.0.3:80"))).isEmpty();
        assertThat(TablePlanner.plan(new TablePlanner.Inputs(c, h, Set.of(), false, false, Set.of(), marks), after)).isEmpty();
    }
}
