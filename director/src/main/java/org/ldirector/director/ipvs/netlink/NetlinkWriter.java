package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes netlink messages, one after the other, into one growing buffer (a batch is one
 * {@code sendto}). The layout is the kernel's ({@code include/uapi/linux/netlink.h},
 * {@code genetlink.h}), in host byte order (little-endian on the machines we run on):
 *
 * <pre>
 * struct nlmsghdr  { u32 nlmsg_len; u16 nlmsg_type; u16 nlmsg_flags; u32 nlmsg_seq; u32 nlmsg_pid; }  16 bytes
 * struct genlmsghdr { u8 cmd; u8 version; u16 reserved; }                                             4 bytes
 * struct nlattr    { u16 nla_len; u16 nla_type; } + payload, padded to NLA_ALIGNTO (4)
 * </pre>
 * {@code nla_len} counts the header and the payload, not the padding; a nested attribute's
 * length covers its inner attributes with their padding.
 */
final class NetlinkWriter {

    static final int NLMSG_HDRLEN = 16;
    static final int GENL_HDRLEN = 4;
    static final int NLA_HDRLEN = 4;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;   // NLM_F_ROOT | NLM_F_MATCH

    private ByteBuffer buf;
    private int messageStart = -1;
    private int messages;
    private final Deque<Integer> nests = new ArrayDeque<>();

    NetlinkWriter() {
        this(4096);
    }

    NetlinkWriter(int capacity) {
        buf = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    /** Starts a generic-netlink message: the netlink header (its length filled in by {@link #end()}) and the genl header. */
    NetlinkWriter begin(int type, int flags, int seq, int cmd, int version) {
        if (messageStart >= 0) {
            throw new IllegalStateException("the previous message was not ended");
        }
        ensure(NLMSG_HDRLEN + GENL_HDRLEN);
        messageStart = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        buf.put((byte) cmd).put((byte) version).putShort((short) 0);
        return this;
    }

    /** Ends the current message: writes its length. */
    NetlinkWriter end() {
        if (messageStart < 0 || !nests.isEmpty()) {
            throw new IllegalStateException("no message to end, or a nested attribute is still open");
        }
        buf.putInt(messageStart, buf.position() - messageStart);
        messageStart = -1;
        messages++;
        return this;
    }

    NetlinkWriter u8(int type, int value) {
        header(type, 1);
        buf.put((byte) value);
        return pad();
    }

    NetlinkWriter u16(int type, int value) {
        header(type, 2);
        buf.putShort((short) value);
        return pad();
    }

    NetlinkWriter u32(int type, int value) {
        header(type, 4);
        buf.putInt(value);
        return pad();
    }

    /** A 16-bit value in network byte order (nla_put_be16: ports). */
    NetlinkWriter be16(int type, int value) {
        header(type, 2);
        buf.put((byte) (value >>> 8)).put((byte) value);
        return pad();
    }

    NetlinkWriter bytes(int type, byte[] value) {
        header(type, value.length);
        buf.put(value);
        return pad();
    }

    /** A NUL-terminated string (NLA_NUL_STRING / NLA_STRING as libnl's nla_put_string writes it). */
    NetlinkWriter string(int type, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        header(type, b.length + 1);
        buf.put(b).put((byte) 0);
        return pad();
    }

    /** Opens a nested attribute; close it with {@link #endNested()}. */
    NetlinkWriter nested(int type) {
        ensure(NLA_HDRLEN);
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) type);
        return this;
    }

    NetlinkWriter endNested() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    int messages() {
        return messages;
    }

    int size() {
        return buf.position();
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        byte[] out = new byte[buf.position()];
        buf.get(0, out);
        return out;
    }

    /** Forgets everything written, keeping the buffer. */
    void clear() {
        buf.clear();
        messageStart = -1;
        messages = 0;
        nests.clear();
    }

    private void header(int type, int payload) {
        ensure(NLA_HDRLEN + align(payload));
        buf.putShort((short) (NLA_HDRLEN + payload)).putShort((short) type);
    }

    private NetlinkWriter pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
        return this;
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                .order(ByteOrder.nativeOrder());
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
