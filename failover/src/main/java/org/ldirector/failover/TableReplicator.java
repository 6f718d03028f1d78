package org.ldirector.failover;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.ldirector.failover.conn.IpvsConnection;

/**
 * Replicates the IPVS connection table from the active director to the standbys: a versioned stream of deltas
 * within an epoch (a new epoch each time a node becomes active), and a snapshot for a standby that joins, sees a
 * new active or misses a version. Expiry timers count down on their own, so an entry is only re-sent when its state
 * or engine data changes or its timer was refreshed (it differs from the predicted countdown by more than 2 s).
 */
final class TableReplicator {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long TIMER_SLACK_SECONDS = 2;
    private static final long NANOS = 1_000_000_000L;

    /** Where the active reads its table. */
    interface Source {
        List<IpvsConnection> read() throws IOException;
    }

    /** How replication messages leave. */
    interface Sender {
        void multicast(Wire.Msg msg);

        void unicast(Address to, Wire.Msg msg);
    }

    /** An entry with the clock reading at which its expiry was taken. */
    private record Timed(IpvsConnection conn, long atNanos) {
        long expiresAt(long now) {
            return conn.expiresSeconds() - (now - atNanos) / NANOS;
        }
    }

    private final LongSupplier clock;
    private final Source source;
    private final Sender sender;
    private final Map<String, Timed> table = new LinkedHashMap<>();
    private boolean active;
    private long epoch;
    private long version;
    private Address holder;
    private long lastUpdateNanos = -1;
    private long lastRequestNanos = Long.MIN_VALUE;
    private String lastReadError;

    TableReplicator(LongSupplier clock, Source source, Sender sender) {
        this.clock = clock;
        this.source = source;
        this.sender = sender;
    }

    /** This node took over: a new epoch whose first delta carries the whole table. */
    synchronized void becameActive() {
        active = true;
        epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        version = 0;
        table.clear();
        poll();
    }

    /** This node released: from now on it follows the active's stream. */
    synchronized void becameStandby() {
        active = false;
        epoch = 0;
        version = 0;
        table.clear();
    }

    /** The active node is now {@code newHolder} (null: none); a standby asks it for a snapshot. */
    synchronized void holderChanged(Address newHolder) {
        if (Objects.equals(holder, newHolder)) {
            return;
        }
        holder = newHolder;
        if (!active && holder != null) {
            requestSnapshot(true);
        }
    }

    /** The active side: read the kernel's table and multicast what changed since the last poll. */
    synchronized void poll() {
        if (!active) {
            return;
        }
        List<IpvsConnection> now;
        try {
            now = source.read();
            lastReadError = null;
        } catch (IOException e) {
            if (!Objects.equals(lastReadError, e.getMessage())) {
                LOG.warn("Cannot read the IPVS connection table: {}", e.getMessage());
                lastReadError = e.getMessage();
            }
            return;
        }
        long t = clock.getAsLong();
        List<IpvsConnection> upserts = new ArrayList<>();
        Map<String, Timed> seen = new LinkedHashMap<>();
        for (IpvsConnection c : now) {
            Timed old = table.get(c.key());
            seen.put(c.key(), new Timed(c, t));
            if (old == null || changed(old, c, t)) {
                upserts.add(c);
            } else {
                seen.put(c.key(), old); // keep predicting from the reading that was sent
            }
        }
        List<String> removals = table.keySet().stream().filter(k -> !seen.containsKey(k)).toList();
        table.clear();
        table.putAll(seen);
        if (upserts.isEmpty() && removals.isEmpty() && version > 0) {
            return;
        }
        sender.multicast(new Wire.Delta(epoch, version, upserts, removals));
        version++;
        lastUpdateNanos = t;
    }

    private static boolean changed(Timed old, IpvsConnection c, long now) {
        IpvsConnection o = old.conn();
        return !o.state().equals(c.state()) || !o.peName().equals(c.peName()) || !o.peData().equals(c.peData())
                || Math.abs(old.expiresAt(now) - c.expiresSeconds()) > TIMER_SLACK_SECONDS;
    }

    synchronized void onSnapshotRequest(Address from) {
        if (active) {
            long t = clock.getAsLong();
            sender.unicast(from, new Wire.Snapshot(epoch, version, current(t)));
        }
    }

    synchronized void onSnapshot(Address from, Wire.Snapshot s) {
        if (active || !from.equals(holder)) {
            return;
        }
        long t = clock.getAsLong();
        table.clear();
        for (IpvsConnection c : s.entries()) {
            table.put(c.key(), new Timed(c, t));
        }
        epoch = s.epoch();
        version = s.version();
        lastUpdateNanos = t;
    }

    synchronized void onDelta(Address from, Wire.Delta d) {
        if (active || !from.equals(holder)) {
            return;
        }
        long t = clock.getAsLong();
        if (d.fromVersion() == 0) {
            table.clear(); // the first delta of an epoch is the whole table
            epoch = d.epoch();
        } else if (d.epoch() != epoch || d.fromVersion() != version) {
            requestSnapshot(false);
            return;
        }
        for (IpvsConnection c : d.upserts()) {
            table.put(c.key(), new Timed(c, t));
        }
        d.removals().forEach(table::remove);
        version = d.fromVersion() + 1;
        lastUpdateNanos = t;
    }

    private void requestSnapshot(boolean force) {
        long t = clock.getAsLong();
        if (holder == null || (!force && t - lastRequestNanos < NANOS)) {
            return;
        }
        lastRequestNanos = t;
        sender.unicast(holder, new Wire.SnapshotRequest());
    }

    /** The replicated entries with their timers counted down; expired ones are left out. */
    synchronized List<IpvsConnection> replicated() {
        return current(clock.getAsLong());
    }

    private List<IpvsConnection> current(long now) {
        List<IpvsConnection> out = new ArrayList<>();
        for (Timed e : table.values()) {
            long left = e.expiresAt(now);
            if (left > 0) {
                out.add(e.conn().withExpires(left));
            }
        }
        return out;
    }

    synchronized long epoch() {
        return epoch;
    }

    synchronized long version() {
        return version;
    }

    synchronized int size() {
        return table.size();
    }

    synchronized Optional<Duration> lastUpdateAge() {
        return lastUpdateNanos < 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(clock.getAsLong() - lastUpdateNanos));
    }
}
