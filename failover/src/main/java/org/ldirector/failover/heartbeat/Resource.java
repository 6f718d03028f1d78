package org.ldirector.failover.heartbeat;

/** A resource of the haresources line: what the active director holds. Started left to right, stopped right to left. */
public sealed interface Resource permits VirtualIp, LdirectordResource, SyncDaemon {

    /** The resource as haresources wrote it, for log lines and status. */
    String spec();
}
