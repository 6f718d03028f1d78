package org.ldirector.failover.conn;

import java.util.List;

import org.ldirector.failover.heartbeat.Addresses;

/** Prints connection entries exactly as {@code ipvsadm -Lnc} does ({@code list_conn} / {@code print_conn}). */
public final class ConnectionListing {

    private ConnectionListing() {
    }

    public static String render(List<IpvsConnection> entries) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        out.append(String.format("pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual", "destination"));
        for (IpvsConnection c : entries) {
            String expire = String.format("%02d:%02d", c.expiresSeconds() / 60, c.expiresSeconds() % 60);
            out.append(String.format("%-3s %-6s %-11s %-18s %-18s %s\n", c.protocol(), expire, c.state(),
                    Addresses.withPort(c.clientAddress(), c.clientPort()),
                    Addresses.withPort(c.virtualAddress(), c.virtualPort()),
                    Addresses.withPort(c.destinationAddress(), c.destinationPort())));
        }
        return out.toString();
    }
}
