package org.ldirector.failover;

/** The role of a director in the cluster. */
public enum Role {
    /** Holds the virtual IPs; IPVS serves traffic; the sync daemon runs as master. */
    ACTIVE,
    /** Warm standby: checks keep running, the IPVS table is kept ready, the sync daemon runs as backup. */
    STANDBY
}
