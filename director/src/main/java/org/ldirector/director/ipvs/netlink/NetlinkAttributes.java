package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The attributes of one level ({@code nla_parse}): by type, the last one of a type winning, as
 * the kernel's parser does (types above 31 are skipped: no IPVS attribute has one). The flags {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER} are
 * masked off the type. Readers take the host byte order unless their name says otherwise.
 */
final class NetlinkAttributes {

    private static final int NLA_TYPE_MASK = 0x3fff;
    /** Types up to this are kept in arrays (every IPVS and controller attribute is); larger ones are skipped. */
    private static final int MAX_TYPE = 31;

    private final ByteBuffer area;
    /** Payload offset and length per type; length -1 = absent. No copy, no map: a 10,000-real dump reads fast. */
    private final int[] offset = new int[MAX_TYPE + 1];
    private final int[] length = new int[MAX_TYPE + 1];

    private NetlinkAttributes(ByteBuffer area) {
        this.area = area;
        java.util.Arrays.fill(length, -1);
    }

    static NetlinkAttributes parse(ByteBuffer area) {
        NetlinkAttributes a = new NetlinkAttributes(area.order() == ByteOrder.nativeOrder() ? area
                : area.duplicate().order(ByteOrder.nativeOrder()));
        ByteBuffer b = a.area;
        int pos = b.position();
        int limit = b.limit();
        while (limit - pos >= NetlinkWriter.NLA_HDRLEN) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int type = Short.toUnsignedInt(b.getShort(pos + 2)) & NLA_TYPE_MASK;
            if (len < NetlinkWriter.NLA_HDRLEN || len > limit - pos) {
                throw new IllegalArgumentException("malformed netlink attribute: type " + type + ", length " + len
                        + ", " + (limit - pos) + " bytes left");
            }
            if (type <= MAX_TYPE) {
                a.offset[type] = pos + NetlinkWriter.NLA_HDRLEN;
                a.length[type] = len - NetlinkWriter.NLA_HDRLEN;
            }
            pos += NetlinkWriter.align(len);
        }
        return a;
    }

    boolean has(int type) {
        return type >= 0 && type <= MAX_TYPE && length[type] >= 0;
    }

    Optional<NetlinkAttributes> nested(int type) {
        return has(type) ? Optional.of(parse(area.slice(offset[type], length[type]).order(ByteOrder.nativeOrder())))
                : Optional.empty();
    }

    int u8(int type) {
        return Byte.toUnsignedInt(area.get(require(type, 1)));
    }

    int u16(int type) {
        return Short.toUnsignedInt(area.getShort(require(type, 2)));
    }

    /** An unsigned 16-bit value in network byte order (ports). */
    int be16(int type) {
        int at = require(type, 2);
        return (Byte.toUnsignedInt(area.get(at)) << 8) | Byte.toUnsignedInt(area.get(at + 1));
    }

    /** The 32 bits as an int (unsigned values above 2^31-1 come out negative). */
    int u32(int type) {
        return area.getInt(require(type, 4));
    }

    int u32(int type, int absent) {
        return has(type) ? u32(type) : absent;
    }

    long u64(int type) {
        return area.getLong(require(type, 8));
    }

    long u64(int type, long absent) {
        return has(type) ? u64(type) : absent;
    }

    /** The payload's bytes as they are on the wire. */
    byte[] bytes(int type) {
        byte[] out = new byte[length[type]];
        area.get(require(type, 0), out);
        return out;
    }

    /** A string attribute without its terminating NUL (and anything after it). */
    String string(int type) {
        byte[] b = bytes(type);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    /** The payload's offset in the area; fails when the attribute is absent or too short. */
    private int require(int type, int minLength) {
        if (!has(type)) {
            throw new IllegalArgumentException("netlink attribute " + type + " missing");
        }
        if (length[type] < minLength) {
            throw new IllegalArgumentException("netlink attribute " + type + " has " + length[type]
                    + " bytes, expected " + minLength);
        }
        return offset[type];
    }
}
