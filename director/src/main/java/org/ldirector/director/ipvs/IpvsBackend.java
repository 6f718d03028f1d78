package org.ldirector.director.ipvs;

import java.util.List;
import java.util.OptionalInt;

/**
 * Access to the kernel's IPVS table. Implementations: {@code ipvsadm} (the real one), dry-run (an
 * in-memory table that logs what it would do) and an in-memory table for unit tests.
 *
 * <p>{@link #apply} may apply a batch only in part when it fails; callers must never assume a
 * failed batch was applied and re-read the table with {@link #read()} instead.
 */
public interface IpvsBackend {

    /** The current table. */
    IpvsTable read() throws IpvsException;

    /** Applies {@code commands} in order, in as few kernel round trips as the backend can (one {@code ipvsadm -R}). */
    void apply(List<IpvsCommand> commands) throws IpvsException;

    /**
     * The table with the kernel's per-service and per-destination counters (connections, packets,
     * bytes, rates), read in one go so the counters belong to that table. Backends that have no
     * counters return the table alone.
     */
    default IpvsStatistics readStatistics() throws IpvsException {
        return IpvsStatistics.withoutCounters(read());
    }

    /**
     * The kernel's connection table in {@code ipvsadm -L -n -c} layout. Backends without a kernel
     * return the header alone.
     */
    default String connectionTable() throws IpvsException {
        return "IPVS connection entries\npro expire state       source             virtual            destination\n";
    }

    /**
     * The log line for a change of a failed batch that the kernel does not show afterwards. The
     * default is ldirectord's own line, {@code system(ipvsadm <args>) failed: <reason>}; a backend
     * that does not run ipvsadm may say what it did instead.
     */
    default String failedChangeLine(IpvsCommand command, String reason) {
        return "system(ipvsadm " + command.ipvsadmArgs() + ") failed: " + reason;
    }

    /**
     * Switches the kernel's connection sync daemon to {@code role} ({@code ipvsadm --stop-daemon} of
     * the other role, then {@code --start-daemon role --mcast-interface IF [--syncid N]}; both stopped
     * for {@link SyncDaemonRole#STOPPED}). A daemon already running in the wanted role is not an
     * error, nor is stopping one that does not run.
     */
    default void syncDaemon(SyncDaemonRole role, String interfaceName, OptionalInt syncId) throws IpvsException {
        throw new IpvsException(describe() + " cannot switch the kernel's sync daemon");
    }

    /** A short name for logs and {@code configtest}: {@code ipvsadm (/sbin/ipvsadm)}, {@code dry-run}, ... */
    String describe();

    /** Whether IPVS can be reached, with a version text or the reason why not. In-memory backends always can. */
    default IpvsAvailability probe() {
        return IpvsAvailability.available(describe());
    }
}
