package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.engine.TestConfigs.check;
import static org.ldirector.director.engine.TestConfigs.config;
import static org.ldirector.director.engine.TestConfigs.real;
import static org.ldirector.director.engine.TestConfigs.tcp;
import static org.ldirector.director.engine.TestConfigs.virtual;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.monitor.CheckResult;

/** The health book stepped directly: no threads, no sleeps, no kernel. */
class HealthBookTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final RealKey R1 = new RealKey(VIP, Endpoint.parse("10.0.0.2:80"));
    private static final RealKey R2 = new RealKey(VIP, Endpoint.parse("10.0.0.3:80"));

    private final HealthBook book = new HealthBook();

    private static DirectorConfig twoReals(int failureCount) {
        return config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).real(real("10.0.0.3:80", 5))
                .check(check(CheckType.NEGOTIATE, failureCount)).fallback("127.0.0.1:80"));
    }

    private static CheckSpec spec(DirectorConfig c, int real) {
        return CheckSpec.of(c.virtuals().get(0), c.virtuals().get(0).reals().get(real));
    }

    private HealthBook.Recorded record(DirectorConfig c, int real, boolean up, Instant at) {
        return book.record(spec(c, real), up ? CheckResult.up("200 OK") : CheckResult.down("refused"), e -> false, false, at);
    }

    @Test
    void installPlansOneLoopPerCheckAndAwaitsTheirFirstResults() {
        DirectorConfig c = twoReals(1);
        HealthBook.Plan plan = book.install(c, IpvsTable.EMPTY, T0);
        assertThat(plan.fresh()).containsExactly(spec(c, 0), spec(c, 1));
        assertThat(plan.gone()).isEmpty();
        assertThat(book.awaitingFirstResults()).isTrue();
        assertThat(book.state(R1)).isEqualTo(RealState.UNKNOWN);

        assertThat(record(c, 0, true, T0).tableChanged()).isTrue();
        assertThat(book.awaitingFirstResults()).isTrue();
        HealthBook.Recorded last = record(c, 1, false, T0);
        assertThat(last.tableChanged()).isTrue();
        assertThat(book.awaitingFirstResults()).isFalse();
        assertThat(book.state(R2)).isEqualTo(RealState.DOWN);
    }

    @Test
    void aRealAdoptedFromTheKernelStartsUp() throws Exception {
        IpvsTable kernel = IpvsTable.EMPTY.apply(new IpvsCommand.AddService(IpvsService.of(VIP, "wrr")))
                .apply(new IpvsCommand.AddDestination(VIP, new IpvsDestination(Endpoint.parse("10.0.0.2:80"), Forwarding.MASQ, 5, 0, 0)));
        book.install(twoReals(1), kernel, T0);
        assertThat(book.state(R1)).isEqualTo(RealState.UP);
        assertThat(book.state(R2)).isEqualTo(RealState.UNKNOWN);
    }

    @Test
    void softFailuresAreLoggedAndOnlyTheLastOneTakesTheRealDownWithOneEvent() {
        DirectorConfig c = twoReals(3);
        book.install(c, IpvsTable.EMPTY, T0);
        record(c, 0, true, T0);
        HealthBook.Recorded first = record(c, 0, false, T0.plusSeconds(1));
        assertThat(first.tableChanged()).isFalse();
        assertThat(first.logLines()).containsExactly("Soft failure real server: 10.0.0.2:80 (tcp:10.0.0.1:80) failure 1/3");
        assertThat(first.events()).isEmpty();
        record(c, 0, false, T0.plusSeconds(2));
        HealthBook.Recorded third = record(c, 0, false, T0.plusSeconds(3));
        assertThat(third.tableChanged()).isTrue();
        assertThat(third.events()).containsExactly(new EngineEvent.RealChanged(T0.plusSeconds(3), VIP, R1.real(), RealState.UP,
                RealState.DOWN, "refused"));

        HealthBook.Recorded back = record(c, 0, true, T0.plusSeconds(4));
        assertThat(back.logLines()).containsExactly("Resetting soft failure count: 10.0.0.2:80 (tcp:10.0.0.1:80)");
        assertThat(back.events()).extracting(e -> ((EngineEvent.RealChanged) e).to()).containsExactly(RealState.UP);
    }

    @Test
    void theFirstResultIsNotATransitionEvent() {
        DirectorConfig c = twoReals(1);
        book.install(c, IpvsTable.EMPTY, T0);
        assertThat(record(c, 0, true, T0).events()).extracting(e -> ((EngineEvent.RealChanged) e).from())
                .containsExactly(RealState.UNKNOWN);
    }

    @Test
    void aMaintenanceFileForcesTheRealDownAndWritesItsMonitorLine() {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).monitorFile(java.nio.file.Path.of("/tmp/m")));
        book.install(c, IpvsTable.EMPTY, T0);
        HealthBook.Recorded r = book.record(spec(c, 0), CheckResult.up("200 OK"), e -> e.equals(R1.real()), false, T0);
        assertThat(book.state(R1)).isEqualTo(RealState.DOWN);
        assertThat(r.monitorLines()).singleElement().satisfies(m -> {
            assertThat(m.up()).isFalse();
            assertThat(m.message()).isEqualTo("Server in maintenance");
        });
    }

    @Test
    void drainAndMaintenanceOverrideHealthAndFeedTheOneServingRule() {
        DirectorConfig c = twoReals(1);
        book.install(c, IpvsTable.EMPTY, T0);
        record(c, 0, true, T0);
        record(c, 1, false, T0);
        assertThat(book.serving(c.virtuals().get(0))).isEqualTo(new Serving(true, true));

        List<EngineEvent> drained = book.mark(R1, Optional.of(AdminMark.DRAIN), T0.plusSeconds(1));
        assertThat(drained).containsExactly(new EngineEvent.RealChanged(T0.plusSeconds(1), VIP, R1.real(), RealState.UP,
                RealState.DRAINED, "operator: drain"));
        assertThat(book.serving(c.virtuals().get(0))).isEqualTo(new Serving(false, true));
        assertThat(book.inputs().state(R1)).isEqualTo(RealState.DRAINED);

        book.mark(R2, Optional.of(AdminMark.MAINTENANCE), T0.plusSeconds(2));
        assertThat(book.state(R2)).isEqualTo(RealState.MAINTENANCE);
        // a drained real that fails is down: drain only matters while it would serve
        record(c, 0, false, T0.plusSeconds(3));
        assertThat(book.state(R1)).isEqualTo(RealState.DOWN);
        record(c, 0, true, T0.plusSeconds(4));
        assertThat(book.state(R1)).isEqualTo(RealState.DRAINED);

        assertThat(book.mark(R1, Optional.empty(), T0.plusSeconds(5))).extracting(e -> ((EngineEvent.RealChanged) e).to())
                .containsExactly(RealState.UP);
    }

    @Test
    void marksAndHealthSurviveAReloadThatKeepsTheCheck() {
        DirectorConfig c = twoReals(1);
        book.install(c, IpvsTable.EMPTY, T0);
        record(c, 0, true, T0);
        record(c, 1, true, T0);
        book.mark(R1, Optional.of(AdminMark.DRAIN), T0);
        HealthBook.Plan plan = book.install(twoReals(1), IpvsTable.EMPTY, T0.plusSeconds(10));
        assertThat(plan.fresh()).isEmpty();
        assertThat(book.state(R1)).isEqualTo(RealState.DRAINED);
        assertThat(book.state(R2)).isEqualTo(RealState.UP);
        EngineSnapshot.RealView view = book.views(k -> false).get(0).reals().get(0);
        assertThat(view.since()).isEqualTo(T0);
        assertThat(view.transitions()).isEqualTo(2); // unknown -> up, up -> drained
    }

    @Test
    void aReloadThatChangesFailurecountStartsTheRealAgainAndDropsGoneChecks() {
        DirectorConfig c = twoReals(1);
        book.install(c, IpvsTable.EMPTY, T0);
        record(c, 0, true, T0);
        DirectorConfig one = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).check(check(CheckType.NEGOTIATE, 2)));
        HealthBook.Plan plan = book.install(one, IpvsTable.EMPTY, T0.plusSeconds(1));
        assertThat(plan.gone()).contains(spec(c, 1));
        // the same probe is still running: the new user starts from its last result
        assertThat(book.state(R1)).isEqualTo(RealState.UP);
        assertThat(book.inputs().purgeUnconfigured()).isTrue();
    }

    @Test
    void aPassAppliedClearsPurgeAndPlacementsOnlyForItsOwnConfig() {
        DirectorConfig c = twoReals(1);
        book.install(c, IpvsTable.EMPTY, T0);
        record(c, 0, false, T0);
        TablePlanner.Inputs in = book.inputs();
        assertThat(in.placeQuiescent()).contains(R1);
        book.applied(in);
        assertThat(book.inputs().purgeUnconfigured()).isFalse();
        assertThat(book.inputs().placeQuiescent()).isEmpty();

        DirectorConfig removed = config(virtual("10.0.0.9:80").real(real("10.0.0.2:80", 5)));
        book.install(removed, IpvsTable.EMPTY, T0);
        assertThat(book.inputs().removedVirtuals()).containsExactly(VIP);
        book.applied(in); // a pass planned from the old config does not clear the new one's purge
        assertThat(book.inputs().purgeUnconfigured()).isTrue();
    }

    @Test
    void fallbackDecisionsRunTheCommandOnlyOnChangeAndReportFallbackEvents() {
        DirectorConfig c = config(virtual("10.0.0.1:80").real(real("10.0.0.2:80", 5)).fallbackCommand("/bin/fb"));
        book.install(c, IpvsTable.EMPTY, T0);
        FallbackCommands fallback = new FallbackCommands();
        List<EngineEvent> events = new java.util.ArrayList<>();
        assertThat(fallback.update(c, book::serving, T0, events)).isEmpty(); // undecided: nothing known yet
        record(c, 0, true, T0);
        assertThat(fallback.update(c, book::serving, T0, events))
                .containsExactly(new FallbackCommands.Run("/bin/fb", "stop", "10.0.0.1:80", "tcp"));
        assertThat(events).isEmpty();
        assertThat(fallback.update(c, book::serving, T0, events)).isEmpty();
        book.mark(R1, Optional.of(AdminMark.DRAIN), T0);
        assertThat(fallback.update(c, book::serving, T0, events))
                .containsExactly(new FallbackCommands.Run("/bin/fb", "start", "10.0.0.1:80", "tcp"));
        assertThat(events).containsExactly(new EngineEvent.FallbackChanged(T0, VIP, true));
        assertThat(fallback.active(VIP)).isTrue();
        assertThat(fallback.stopAll(c)).containsExactly(new FallbackCommands.Run("/bin/fb", "stop", "10.0.0.1:80", "tcp"));
    }
}
