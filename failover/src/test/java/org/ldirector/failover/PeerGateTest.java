package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The door of the cluster and crash-detector ports: ha.cf's fixed list, or (UDP media) the learned members. */
class PeerGateTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aGateFromHaCfAdmitsItsListAndNeverLearns() throws Exception {
        PeerGate gate = new PeerGate(Set.of(ip("10.0.0.1")));
        assertThat(gate.learning()).isFalse();
        assertThat(gate.admit(ip("10.0.0.1"))).isTrue();
        assertThat(gate.admit(ip("10.0.0.9"))).isFalse();
        assertThatThrownBy(() -> gate.allow(ip("10.0.0.9"))).isInstanceOf(IllegalStateException.class);
        gate.retain(Set.of());
        assertThat(gate.allows(ip("10.0.0.1"))).as("a fixed list is not forgotten").isTrue();
    }

    @Test
    void aLearningGateStartsClosedAdmitsWhatItIsToldAndForgetsWhoLeft() throws Exception {
        PeerGate gate = PeerGate.learned();
        assertThat(gate.admit(ip("10.0.0.2"))).as("nobody before authentication").isFalse();
        assertThat(gate.refusedNotListed()).isEqualTo(1);
        gate.allow(ip("10.0.0.2"));
        gate.allow(ip("10.0.0.3"));
        assertThat(gate.admit(ip("10.0.0.2"))).isTrue();
        gate.retain(Set.of(ip("10.0.0.3")));
        assertThat(gate.allows(ip("10.0.0.2"))).as("left the view").isFalse();
        assertThat(gate.allows(ip("10.0.0.3"))).isTrue();
        for (int i = 0; i < PeerGate.MAX_PER_PEER; i++) {
            assertThat(gate.admit(ip("10.0.0.3"))).isTrue();
        }
        assertThat(gate.admit(ip("10.0.0.3"))).as("a few connections each").isFalse();
    }
}
