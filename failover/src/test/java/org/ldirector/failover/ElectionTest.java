package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ElectionTest {

    private static final Election.Rules ON = new Election.Rules("b", true, List.of("a", "b", "c"));
    private static final Election.Rules OFF = new Election.Rules("b", false, List.of("a", "b", "c"));

    private static Election.Member<String> m(String name, boolean eligible, boolean ping, boolean holding) {
        return new Election.Member<>(name, name, eligible, ping, holding);
    }

    private static Optional<String> elect(Election.Rules rules, String choice, List<Election.Member<String>> view) {
        return Election.elect(view, rules, choice).map(Election.Member::name);
    }

    @Test
    void thePreferredNodeWinsWhenNobodyHolds() {
        assertThat(elect(OFF, null, List.of(m("a", true, true, false), m("b", true, true, false)))).contains("b");
    }

    @Test
    void withoutThePreferredNodeHaCfOrderDecides() {
        assertThat(elect(ON, null, List.of(m("c", true, true, false), m("a", true, true, false)))).contains("a");
    }

    @Test
    void autoFailbackOnHandsTheRoleBackToThePreferredNode() {
        assertThat(elect(ON, null, List.of(m("a", true, true, true), m("b", true, true, false)))).contains("b");
    }

    @Test
    void autoFailbackOffLeavesTheRoleWithTheHolder() {
        assertThat(elect(OFF, null, List.of(m("a", true, true, true), m("b", true, true, false)))).contains("a");
    }

    @Test
    void ofTwoHoldersAfterAMergeTheHigherRankedStays() {
        assertThat(elect(OFF, null, List.of(m("c", true, true, true), m("a", true, true, true)))).contains("a");
    }

    @Test
    void aManualChoiceWinsWhileItsNodeIsACandidate() {
        assertThat(elect(ON, "a", List.of(m("a", true, true, false), m("b", true, true, true)))).contains("a");
        assertThat(elect(ON, "a", List.of(m("a", false, true, false), m("b", true, true, false)))).contains("b");
    }

    @Test
    void nodesThatReachAPingNodeBeatThoseThatDoNot() {
        assertThat(elect(ON, null, List.of(m("a", true, true, false), m("b", true, false, true)))).contains("a");
    }

    @Test
    void whenNobodyReachesAPingNodeTheHolderKeepsTheRoleButALoneNodeGivesUp() {
        assertThat(elect(OFF, null, List.of(m("a", true, false, true), m("b", true, false, false)))).contains("a");
        assertThat(elect(OFF, null, List.of(m("a", true, false, true)))).isEmpty();
    }

    @Test
    void ineligibleAndUnknownNodesAreNeverElected() {
        assertThat(elect(ON, null, List.of(m("b", false, true, true), m("a", true, true, false)))).contains("a");
        assertThat(elect(ON, null, List.of(m("x", true, true, false)))).isEmpty();
    }
}
