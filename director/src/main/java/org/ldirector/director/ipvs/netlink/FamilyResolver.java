package org.ldirector.director.ipvs.netlink;

import java.util.List;

import org.ldirector.director.ipvs.IpvsException;

/**
 * Finds a generic-netlink family's id by name with the controller's {@code CTRL_CMD_GETFAMILY}
 * ({@code include/uapi/linux/genetlink.h}). The kernel loads the family's module on the way
 * ({@code net-pf-16-proto-16-family-IPVS}, the alias ip_vs declares), as ipvsadm's
 * {@code genl_ctrl_resolve()} has it do.
 */
final class FamilyResolver {

    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_NEWFAMILY = 1;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    private static final int CTRL_VERSION = 1;

    /** A family's id and the version the kernel implements. */
    record Family(String name, int id, int version) {
    }

    private FamilyResolver() {
    }

    static void request(NetlinkWriter w, int seq, String name) {
        w.begin(GENL_ID_CTRL, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK, seq, CTRL_CMD_GETFAMILY, CTRL_VERSION)
                .string(CTRL_ATTR_FAMILY_NAME, name)
                .end();
    }

    /** The family from the controller's answer, or why there is none (ENOENT: not in this kernel). */
    static Family family(List<NetlinkMessage> replies, int seq, String name) throws IpvsException {
        Family found = null;
        for (NetlinkMessage m : replies) {
            if (m.seq() != seq) {
                continue;
            }
            if (m.isError() && m.error() != 0) {
                int errno = -m.error();
                throw new IpvsException("the kernel has no generic netlink family " + name + ": "
                        + Errno.describe(errno) + (errno == Errno.ENOENT ? "; is the ip_vs module available?" : ""));
            }
            if (m.type() == GENL_ID_CTRL && m.genlCommand() == CTRL_CMD_NEWFAMILY) {
                NetlinkAttributes a = m.attributes();
                if (!a.string(CTRL_ATTR_FAMILY_NAME).equals(name)) {
                    throw new IpvsException("asked for the netlink family " + name + ", got "
                            + a.string(CTRL_ATTR_FAMILY_NAME));
                }
                found = new Family(name, a.u16(CTRL_ATTR_FAMILY_ID), a.u32(CTRL_ATTR_VERSION, 0));
            }
        }
        if (found == null) {
            throw new IpvsException("the netlink controller did not answer for the family " + name);
        }
        return found;
    }

    /** Asks over {@code channel} and waits for the answer and its ACK. */
    static Family resolve(NetlinkChannel channel, int seq, String name) throws IpvsException {
        NetlinkWriter w = new NetlinkWriter(64);
        request(w, seq, name);
        channel.send(w.toByteArray());
        List<NetlinkMessage> replies = new java.util.ArrayList<>();
        while (true) {
            for (NetlinkMessage m : NetlinkMessage.split(channel.receive())) {
                replies.add(m);
                if (m.seq() == seq && m.isError()) {
                    return family(replies, seq, name);   // the ACK (or the error) comes last
                }
            }
        }
    }
}
