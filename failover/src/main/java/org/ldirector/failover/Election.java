package org.ldirector.failover;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who should be active, computed by every node from the same inputs (the view and the members' last states), so
 * all agree without a vote. The rules, in order:
 * <ol>
 * <li>Candidates are the members that are eligible (confirmed their cluster, not leaving) and named in ha.cf.</li>
 * <li>ipfail: if some candidate reaches a ping node, only those do. If none does and the node is alone, nobody is
 * elected (an isolated node gives up); with peers, connectivity decides nothing.</li>
 * <li>A manual choice ({@code standby}/{@code takeover}) wins while its node is a candidate.</li>
 * <li>With auto_failback on, the preferred node wins while it is a candidate.</li>
 * <li>Otherwise a current holder keeps the role (no needless move); of several holders (after a partition heals)
 * and of no holder, the highest-ranked wins: the preferred node first, then ha.cf's node order.</li>
 * </ol>
 */
final class Election {

    /** One member of the view as the election sees it. */
    record Member<A>(A address, String name, boolean eligible, boolean pingOk, boolean holding) {
    }

    /** The fixed inputs: from haresources and ha.cf. */
    record Rules(String preferredNode, boolean autoFailback, List<String> nodeOrder) {
        int rank(String name) {
            if (name.equals(preferredNode)) {
                return -1;
            }
            int i = nodeOrder.indexOf(name);
            return i < 0 ? Integer.MAX_VALUE : i;
        }
    }

    private Election() {
    }

    static <A> Optional<Member<A>> elect(List<Member<A>> view, Rules rules, String choice) {
        List<Member<A>> candidates = view.stream()
                .filter(m -> m.eligible() && rules.nodeOrder().contains(m.name())).toList();
        if (candidates.stream().anyMatch(Member::pingOk)) {
            candidates = candidates.stream().filter(Member::pingOk).toList();
        } else if (view.size() == 1) {
            return Optional.empty();
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Comparator<Member<A>> byRank = Comparator.comparingInt(m -> rules.rank(m.name()));
        if (choice != null) {
            Optional<Member<A>> chosen = candidates.stream().filter(m -> m.name().equals(choice)).findFirst();
            if (chosen.isPresent()) {
                return chosen;
            }
        }
        if (rules.autoFailback()) {
            Optional<Member<A>> preferred = candidates.stream()
                    .filter(m -> m.name().equals(rules.preferredNode())).findFirst();
            if (preferred.isPresent()) {
                return preferred;
            }
        }
        List<Member<A>> holders = candidates.stream().filter(Member::holding).toList();
        return (holders.isEmpty() ? candidates : holders).stream().min(byRank);
    }

    /** What an elected or holding node does next, given what it knows of its peers. */
    enum Step {
        /** Holds but is not elected: release at once. */
        RELEASE,
        /** Elected, with peers, not asking yet: ask them to echo a nonce first. */
        ASK,
        /** Elected and alone, or every peer has seen its current state: take over. */
        TAKE_OVER,
        /** Elected, but some peer has not answered, is behind this view, or still holds: wait. */
        WAIT,
        /** Nothing to do (holds and is elected, or neither). */
        STAY
    }

    /**
     * The takeover handshake. Every node computes the election from the states it has heard, and those may lag; so
     * an elected node that has peers takes over only when every peer of the view has told its state for this view,
     * none holds the resources, and every one has echoed the nonce this node published after its state last
     * changed: each has then seen this node's current state and, computing the same election, will not take over.
     */
    static Step step(boolean holding, boolean elected, boolean alone, boolean asking, boolean statesCurrent,
            boolean noOtherHolder, boolean echoedByAll) {
        if (holding && !elected) {
            return Step.RELEASE;
        }
        if (holding || !elected) {
            return Step.STAY;
        }
        if (alone) {
            return Step.TAKE_OVER;
        }
        if (!asking) {
            return Step.ASK;
        }
        return statesCurrent && noOtherHolder && echoedByAll ? Step.TAKE_OVER : Step.WAIT;
    }

    /**
     * Alone and no ping node answers: most likely this node lost the link, not its peers. They may take over
     * meanwhile, so its view is stale: it must not take over the moment the link returns (before the partitions
     * merge) but wait, like a starting node, for a peer's answer or initdead and a free VIP. So it becomes
     * unconfirmed.
     */
    static boolean cutOff(boolean confirmed, int viewSize, boolean pingConfigured, boolean pingOk) {
        return confirmed && viewSize == 1 && pingConfigured && !pingOk;
    }

    /**
     * A holder that may have been contested (a merge, or a peer that said it holds) announces its VIPs again once
     * it is elected and no other member of a current view holds them: the clients on the other side of a healed
     * partition may have been sent to the loser's MAC.
     */
    static boolean reannounce(boolean holding, boolean elected, boolean contested, boolean statesCurrent,
            boolean noOtherHolder) {
        return holding && elected && contested && statesCurrent && noOtherHolder;
    }

    /** Whether an operator's choice replaces the one in force: a higher sequence, or on a tie the larger name. */
    static boolean choiceWins(String name, long seq, String current, long currentSeq) {
        return seq > currentSeq || (seq == currentSeq && (current == null || name.compareTo(current) > 0));
    }

    /** A manual choice lasts until its node leaves the view or the preferred node (re)joins. */
    static boolean choiceEnds(boolean chosenStillMember, List<String> joinedNames, Rules rules) {
        return !chosenStillMember || joinedNames.contains(rules.preferredNode());
    }

    /** {@code hb_standby}: who would be elected if {@code self} stepped aside. */
    static <A> Optional<Member<A>> nextWithout(List<Member<A>> view, A self, Rules rules) {
        List<Member<A>> others = view.stream()
                .map(m -> m.address().equals(self) ? new Member<>(self, m.name(), false, false, false) : m).toList();
        return elect(others, rules, null);
    }
}
