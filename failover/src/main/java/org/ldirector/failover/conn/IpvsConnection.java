package org.ldirector.failover.conn;

import java.net.InetAddress;

/**
 * One entry of the IPVS connection table, templates included (a persistence template has client port 0 and state
 * {@code NONE}; a fwmark template has protocol {@code IP} and the mark as its virtual address).
 *
 * @param protocol       {@code TCP}, {@code UDP}, {@code SCTP}, {@code IP}… as the kernel names it
 * @param expiresSeconds seconds left when the entry was read
 * @param peName         persistence engine ({@code sip}) or empty
 * @param peData         persistence engine data (the SIP Call-ID) or empty
 */
public record IpvsConnection(String protocol, InetAddress clientAddress, int clientPort, InetAddress virtualAddress,
        int virtualPort, InetAddress destinationAddress, int destinationPort, String state, long expiresSeconds,
        String peName, String peData) {

    /** What identifies the connection across reads: everything but its state, timer and engine data. */
    public String key() {
        return protocol + " " + clientAddress.getHostAddress() + " " + clientPort + " "
                + virtualAddress.getHostAddress() + " " + virtualPort + " "
                + destinationAddress.getHostAddress() + " " + destinationPort;
    }

    public IpvsConnection withExpires(long seconds) {
        return new IpvsConnection(protocol, clientAddress, clientPort, virtualAddress, virtualPort, destinationAddress,
                destinationPort, state, seconds, peName, peData);
    }
}
