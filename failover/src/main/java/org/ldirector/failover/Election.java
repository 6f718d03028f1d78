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
}
