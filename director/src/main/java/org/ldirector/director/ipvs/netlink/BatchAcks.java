package org.ldirector.director.ipvs.netlink;

import java.util.Map;
import java.util.TreeMap;

/**
 * The answers to a chunk of requests sent with {@code NLM_F_ACK} and consecutive sequence
 * numbers {@code first .. first+count-1}: the kernel answers each with an {@code NLMSG_ERROR},
 * error 0 for success (netlink_rcv_skb goes on after a failed message, as {@code ipvsadm -R}
 * goes on after a line the kernel refused). Answers to other sequence numbers are ignored.
 */
final class BatchAcks {

    private final int first;
    private final int count;
    private final boolean[] answered;
    private int pending;
    private final Map<Integer, Integer> errors = new TreeMap<>();

    BatchAcks(int first, int count) {
        this.first = first;
        this.count = count;
        this.answered = new boolean[count];
        this.pending = count;
    }

    /** Takes one received message; true when it answered a request of this chunk. */
    boolean accept(NetlinkMessage m) {
        if (!m.isError()) {
            return false;
        }
        int index = m.requestSeq() - first;
        if (index < 0 || index >= count || answered[index]) {
            return false;
        }
        answered[index] = true;
        pending--;
        if (m.error() != 0) {
            errors.put(index, -m.error());
        }
        return true;
    }

    boolean complete() {
        return pending == 0;
    }

    /** The errno of each failed request, by its index in the chunk. */
    Map<Integer, Integer> errors() {
        return errors;
    }
}
