package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message as received: the {@code nlmsghdr} fields and the payload after it. A
 * datagram from the kernel holds one or more messages, each aligned to 4 bytes ({@link #split}).
 *
 * @param payload everything after the 16-byte header (for a genl message: the genl header and the attributes)
 */
record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    /** The messages of one datagram ({@code NLMSG_OK}/{@code NLMSG_NEXT}); a truncated one is an error. */
    static List<NetlinkMessage> split(ByteBuffer datagram) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        while (b.remaining() >= NetlinkWriter.NLMSG_HDRLEN) {
            int start = b.position();
            int len = b.getInt(start);
            if (len < NetlinkWriter.NLMSG_HDRLEN || len > b.remaining()) {
                throw new IllegalArgumentException("truncated netlink message: length " + len + ", "
                        + b.remaining() + " bytes left");
            }
            int type = Short.toUnsignedInt(b.getShort(start + 4));
            int flags = Short.toUnsignedInt(b.getShort(start + 6));
            int seq = b.getInt(start + 8);
            int pid = b.getInt(start + 12);
            ByteBuffer payload = b.slice(start + NetlinkWriter.NLMSG_HDRLEN, len - NetlinkWriter.NLMSG_HDRLEN)
                    .order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            b.position(Math.min(b.limit(), start + NetlinkWriter.align(len)));
        }
        return out;
    }

    boolean isError() {
        return type == NLMSG_ERROR;
    }

    boolean isDone() {
        return type == NLMSG_DONE;
    }

    /**
     * The {@code error} of an {@code NLMSG_ERROR} message ({@code struct nlmsgerr}: an int, then
     * the request's header): 0 for an ACK, else a negative errno.
     */
    int error() {
        if (!isError()) {
            throw new IllegalStateException("not an NLMSG_ERROR message (type " + type + ")");
        }
        return payload.getInt(0);
    }

    /**
     * The sequence number of the request an {@code NLMSG_ERROR} answers (from the request's header
     * copied into {@code struct nlmsgerr}), which is also this message's own {@link #seq()}.
     */
    int requestSeq() {
        return payload.remaining() >= 4 + NetlinkWriter.NLMSG_HDRLEN ? payload.getInt(4 + 8) : seq;
    }

    /** The genl command of a generic-netlink message. */
    int genlCommand() {
        return Byte.toUnsignedInt(payload.get(0));
    }

    /** The attributes after the genl header. */
    NetlinkAttributes attributes() {
        return NetlinkAttributes.parse(payload.slice(NetlinkWriter.GENL_HDRLEN,
                payload.remaining() - NetlinkWriter.GENL_HDRLEN));
    }
}
