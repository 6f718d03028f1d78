package org.ldirector.failover;

import java.util.List;

import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;

/**
 * A view of the cluster as the decision logic sees it: its id, its members in order, and whether it merged
 * partitions (with the members of each). Built from JGroups' {@link View} by {@link JGroupsChannel}, and by hand in
 * step tests.
 */
record ClusterView(long id, List<Address> members, List<List<Address>> mergedFrom) {

    ClusterView {
        members = List.copyOf(members);
        mergedFrom = mergedFrom.stream().map(List::copyOf).toList();
    }

    static ClusterView of(long id, List<Address> members) {
        return new ClusterView(id, members, List.of());
    }

    static ClusterView of(View v) {
        List<List<Address>> subgroups = v instanceof MergeView mv
                ? mv.getSubgroups().stream().map(View::getMembers).toList() : List.of();
        return new ClusterView(v.getViewId().getId(), v.getMembers(), subgroups);
    }

    boolean merged() {
        return !mergedFrom.isEmpty();
    }

    boolean contains(Address a) {
        return members.contains(a);
    }

    int size() {
        return members.size();
    }

    /** Members of this view that were not in {@code old}. */
    List<Address> joinedSince(ClusterView old) {
        return members.stream().filter(a -> !old.contains(a)).toList();
    }

    /** Members of {@code old} that are not in this view. */
    List<Address> leftSince(ClusterView old) {
        return old.members.stream().filter(a -> !contains(a)).toList();
    }
}
