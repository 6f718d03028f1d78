package org.ldirector.director.ipvs.netlink;

import java.nio.ByteBuffer;

import org.ldirector.director.ipvs.IpvsException;

/** A netlink socket's two directions: one datagram out (any number of messages), one datagram in. */
interface NetlinkChannel extends AutoCloseable {

    /** Sends {@code datagram} to the kernel (port id 0) in one {@code sendto}. */
    void send(byte[] datagram) throws IpvsException;

    /**
     * The next datagram from the kernel, in a buffer of its own. Fails when none comes within
     * the channel's timeout, and with {@code ENOBUFS} when the kernel dropped answers because the
     * receive buffer was full.
     */
    ByteBuffer receive() throws IpvsException;

    @Override
    void close();
}
