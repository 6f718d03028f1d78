package org.ldirector.director.ipvs.netlink;

import java.util.Map;
import java.util.TreeMap;

/**
 * The answers to a chunk of requests with consecutive sequence numbers {@code first ..
 * first+count-1}, sent in one datagram, of which only the last asks for an ACK ({@code NLM_F_ACK}).
 * The kernel handles the messages of one datagram in order and goes on after a failed one
 * (netlink_rcv_skb, as {@code ipvsadm -R} goes on after a line the kernel refused); it answers
 * every failed request with an {@code NLMSG_ERROR} whatever its flags, and a successful one only
 * when asked. So the answer to the last request (an ACK, or its error) comes after the errors of
 * all the others: the chunk is complete then, and what did not answer succeeded. That is one
 * answer per chunk instead of one per change. Answers to other sequence numbers are ignored.
 */
final class BatchAcks {

    private final int first;
    private final int count;
    private boolean lastAnswered;
    private final Map<Integer, Integer> errors = new TreeMap<>();

    BatchAcks(int first, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a chunk has at least one request: " + count);
        }
        this.first = first;
        this.count = count;
    }

    /** Takes one received message; true when it answered a request of this chunk. */
    boolean accept(NetlinkMessage m) {
        if (!m.isError() || lastAnswered) {
            return false;
        }
        int index = m.requestSeq() - first;
        if (index < 0 || index >= count) {
            return false;
        }
        if (m.error() != 0) {
            errors.putIfAbsent(index, -m.error());
        }
        if (index == count - 1) {
            lastAnswered = true;
        }
        return true;
    }

    boolean complete() {
        return lastAnswered;
    }

    /** The errno of each failed request, by its index in the chunk. */
    Map<Integer, Integer> errors() {
        return errors;
    }
}
