package org.ldirector.director.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.hooks.HookTestEvents.AT;
import static org.ldirector.director.hooks.HookTestEvents.WEB;
import static org.ldirector.director.hooks.HookTestEvents.real;

import org.junit.jupiter.api.Test;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/** keepalived's {@code lvs_notify_fifo} lines, exactly, for our transitions. */
class FifoLinesTest {

    private final FifoLines lines = new FifoLines();

    @Test
    void theFirstUpRealBringsTheVirtualUpAndTheLastDownOneTakesItDown() {
        assertThat(lines.lines(real(RealState.UNKNOWN, RealState.UP, "")))
                .containsExactly("RS [10.0.0.2]:tcp:8080 [192.0.2.1]:tcp:80 UP", "VS [192.0.2.1]:tcp:80 UP");
        EngineEvent.RealChanged second = new EngineEvent.RealChanged(AT, WEB, Endpoint.parse("10.0.0.3:8080"), RealState.UNKNOWN,
                RealState.UP, "");
        assertThat(lines.lines(second)).containsExactly("RS [10.0.0.3]:tcp:8080 [192.0.2.1]:tcp:80 UP");
        assertThat(lines.lines(real(RealState.UP, RealState.DOWN, ""))).containsExactly("RS [10.0.0.2]:tcp:8080 [192.0.2.1]:tcp:80 DOWN");
        assertThat(lines.lines(new EngineEvent.RealChanged(AT, WEB, Endpoint.parse("10.0.0.3:8080"), RealState.UP, RealState.DOWN, "")))
                .containsExactly("RS [10.0.0.3]:tcp:8080 [192.0.2.1]:tcp:80 DOWN", "VS [192.0.2.1]:tcp:80 DOWN");
        // the fallback coming in says the same: nothing new
        assertThat(lines.lines(new EngineEvent.FallbackChanged(AT, WEB, true))).isEmpty();
    }

    @Test
    void aVirtualWhoseRealsAreAllDownAtStartIsDownOnceTheFallbackComesIn() {
        assertThat(lines.lines(real(RealState.UNKNOWN, RealState.DOWN, ""))).containsExactly("RS [10.0.0.2]:tcp:8080 [192.0.2.1]:tcp:80 DOWN");
        assertThat(lines.lines(new EngineEvent.FallbackChanged(AT, WEB, true))).containsExactly("VS [192.0.2.1]:tcp:80 DOWN");
        assertThat(lines.lines(real(RealState.DOWN, RealState.UP, "")))
                .containsExactly("RS [10.0.0.2]:tcp:8080 [192.0.2.1]:tcp:80 UP", "VS [192.0.2.1]:tcp:80 UP");
    }

    @Test
    void aDrainedRealIsStillAliveButServesNoMore() {
        lines.lines(real(RealState.UNKNOWN, RealState.UP, ""));
        assertThat(lines.lines(real(RealState.UP, RealState.DRAINED, ""))).containsExactly("VS [192.0.2.1]:tcp:80 DOWN");
        assertThat(lines.lines(real(RealState.DRAINED, RealState.MAINTENANCE, "")))
                .containsExactly("RS [10.0.0.2]:tcp:8080 [192.0.2.1]:tcp:80 DOWN");
        assertThat(lines.lines(new EngineEvent.Reloaded(AT, true, "x"))).isEmpty();
    }

    @Test
    void udpIpv6AndFirewallMarksAreWrittenAsKeepalivedFormatsThem() {
        ServiceKey dns = new ServiceKey.Address(ServiceKey.Protocol.UDP, Endpoint.parse("[2001:db8::53]:53"));
        assertThat(lines.lines(new EngineEvent.RealChanged(AT, dns, Endpoint.parse("[2001:db8::2]:53"), RealState.UP, RealState.DOWN, "")))
                .containsExactly("RS [2001:db8::2]:udp:53 [2001:db8::53]:udp:53 DOWN");
        ServiceKey mark = new ServiceKey.Fwmark(7, false);
        assertThat(lines.lines(new EngineEvent.RealChanged(AT, mark, Endpoint.parse("10.0.0.2:443"), RealState.UNKNOWN, RealState.UP, "")))
                .containsExactly("RS [10.0.0.2]:tcp:443 FWM 7 UP", "VS FWM 7 UP");
    }
}
