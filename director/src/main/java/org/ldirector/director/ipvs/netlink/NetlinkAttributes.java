package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of one level ({@code nla_parse}): by type, the last one of a type winning, as
 * the kernel's parser does. The flags {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER} are
 * masked off the type. Readers take the host byte order unless their name says otherwise.
 */
final class NetlinkAttributes {

    private static final int NLA_TYPE_MASK = 0x3fff;

    private final Map<Integer, ByteBuffer> byType;

    private NetlinkAttributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    static NetlinkAttributes parse(ByteBuffer area) {
        ByteBuffer b = area.duplicate().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> map = new HashMap<>();
        while (b.remaining() >= NetlinkWriter.NLA_HDRLEN) {
            int start = b.position();
            int len = Short.toUnsignedInt(b.getShort(start));
            int type = Short.toUnsignedInt(b.getShort(start + 2)) & NLA_TYPE_MASK;
            if (len < NetlinkWriter.NLA_HDRLEN || len > b.remaining()) {
                throw new IllegalArgumentException("malformed netlink attribute: type " + type + ", length " + len
                        + ", " + b.remaining() + " bytes left");
            }
            map.put(type, b.slice(start + NetlinkWriter.NLA_HDRLEN, len - NetlinkWriter.NLA_HDRLEN)
                    .order(ByteOrder.nativeOrder()));
            b.position(Math.min(b.limit(), start + NetlinkWriter.align(len)));
        }
        return new NetlinkAttributes(map);
    }

    boolean has(int type) {
        return byType.containsKey(type);
    }

    Optional<NetlinkAttributes> nested(int type) {
        return Optional.ofNullable(byType.get(type)).map(NetlinkAttributes::parse);
    }

    int u8(int type) {
        return Byte.toUnsignedInt(require(type, 1).get(0));
    }

    int u16(int type) {
        return Short.toUnsignedInt(require(type, 2).getShort(0));
    }

    /** An unsigned 16-bit value in network byte order (ports). */
    int be16(int type) {
        ByteBuffer b = require(type, 2);
        return (Byte.toUnsignedInt(b.get(0)) << 8) | Byte.toUnsignedInt(b.get(1));
    }

    /** The 32 bits as an int (unsigned values above 2^31-1 come out negative). */
    int u32(int type) {
        return require(type, 4).getInt(0);
    }

    int u32(int type, int absent) {
        return has(type) ? u32(type) : absent;
    }

    long u64(int type) {
        return require(type, 8).getLong(0);
    }

    long u64(int type, long absent) {
        return has(type) ? u64(type) : absent;
    }

    /** The payload's bytes as they are on the wire. */
    byte[] bytes(int type) {
        ByteBuffer b = require(type, 0);
        byte[] out = new byte[b.remaining()];
        b.get(0, out);
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

    private ByteBuffer require(int type, int minLength) {
        ByteBuffer b = byType.get(type);
        if (b == null) {
            throw new IllegalArgumentException("netlink attribute " + type + " missing");
        }
        if (b.remaining() < minLength) {
            throw new IllegalArgumentException("netlink attribute " + type + " has " + b.remaining()
                    + " bytes, expected " + minLength);
        }
        return b;
    }
}
