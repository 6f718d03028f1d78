package org.ldirector.failover;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.ldirector.failover.conn.IpvsConnection;

/**
 * Replicates the IPVS connection table from the active director to the standbys: a versioned stream of deltas
 * within an epoch (a new epoch each time a node becomes active, and when a standby that joins, sees a new active or
 * misses a version asks for the whole table), each delta at most {@link #CHUNK} changes. Expiry timers count down on their own, so an entry is only re-sent when its state
 * or engine data changes or its timer was refreshed (it differs from the predicted countdown by more than 2 s).
 */
final class TableReplicator {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long TIMER_SLACK_SECONDS = 2;
    private static final long NANOS = 1_000_000_000L;

    /** Where the active reads its table: each entry handed over as it is read, none kept by the source. */
    interface Source {
        void forEach(Consumer<IpvsConnection> each) throws IOException;

        /** The whole table in a list (for a listing; not for the replication of a large table). */
        default List<IpvsConnection> read() throws IOException {
            List<IpvsConnection> out = new ArrayList<>();
            forEach(out::add);
            return out;
        }
    }

    /** At most this many upserts and removals go into one delta: a large table is sent as many small deltas. */
    static final int CHUNK = 1000;

    /** How replication messages leave. */
    interface Sender {
        void multicast(Wire.Msg msg);

        void unicast(Address to, Wire.Msg msg);
    }

    /** The active's memory of an entry: what the standbys were sent, and the poll that last saw it. */
    private static final class SentEntry {
        String state;
        String peName;
        String peData;
        long expires;
        long atNanos;
        long seen;

        SentEntry(IpvsConnection c, long at, long generation) {
            update(c, at);
            seen = generation;
        }

        void update(IpvsConnection c, long at) {
            state = c.state();
            peName = c.peName();
            peData = c.peData();
            expires = c.expiresSeconds();
            atNanos = at;
        }

        boolean differs(IpvsConnection c, long now) {
            long predicted = expires - (now - atNanos) / NANOS;
            return !state.equals(c.state()) || !peName.equals(c.peName()) || !peData.equals(c.peData())
                    || Math.abs(predicted - c.expiresSeconds()) > TIMER_SLACK_SECONDS;
        }
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
    /** Standby: the replicated entries. */
    private final Map<String, Timed> table = new LinkedHashMap<>();
    /** Active: what was last sent of each entry, enough to tell what changed (not the entries themselves). */
    private final Map<String, SentEntry> sent = new HashMap<>();
    private long generation;
    private boolean resync;
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
        sent.clear();
        poll();
    }

    /** This node released: from now on it follows the active's stream. */
    synchronized void becameStandby() {
        active = false;
        epoch = 0;
        version = 0;
        table.clear();
        sent.clear();
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

    /**
     * The active side: read the kernel's table, streaming, and multicast what changed since the last poll, in deltas
     * of at most {@link #CHUNK} changes each (the first of an epoch, version 0, tells the standbys to start afresh).
     * What this holds is one small record per entry and one chunk; a read that fails half-way sends what it read and
     * removes nothing.
     */
    synchronized void poll() {
        if (!active) {
            return;
        }
        if (resync) {
            resync = false;
            epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            version = 0;
            sent.clear();
        }
        long t = clock.getAsLong();
        long gen = ++generation;
        List<IpvsConnection> upserts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        long versionBefore = version;
        try {
            source.forEach(c -> {
                String key = c.key();
                SentEntry old = sent.get(key);
                if (old == null) {
                    sent.put(key, new SentEntry(c, t, gen));
                    upserts.add(c);
                } else {
                    old.seen = gen;
                    if (old.differs(c, t)) {
                        old.update(c, t); // else keep predicting from the reading that was sent
                        upserts.add(c);
                    }
                }
                if (upserts.size() >= CHUNK) {
                    send(upserts, removals, t);
                }
            });
            lastReadError = null;
        } catch (IOException e) {
            if (!Objects.equals(lastReadError, e.getMessage())) {
                LOG.warn("Cannot read the IPVS connection table: {}", e.getMessage());
                lastReadError = e.getMessage();
            }
            if (!upserts.isEmpty()) {
                send(upserts, removals, t);
            }
            return;
        }
        for (Iterator<Map.Entry<String, SentEntry>> it = sent.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, SentEntry> e = it.next();
            if (e.getValue().seen != gen) {
                it.remove();
                removals.add(e.getKey());
                if (upserts.size() + removals.size() >= CHUNK) {
                    send(upserts, removals, t);
                }
            }
        }
        if (!upserts.isEmpty() || !removals.isEmpty() || versionBefore == 0 && version == 0) {
            send(upserts, removals, t);
        }
    }

    /** Multicasts one delta and empties the lists. */
    private void send(List<IpvsConnection> upserts, List<String> removals, long t) {
        sender.multicast(new Wire.Delta(epoch, version, List.copyOf(upserts), List.copyOf(removals)));
        upserts.clear();
        removals.clear();
        version++;
        lastUpdateNanos = t;
    }

    /**
     * A standby asks for the whole table (it joined, or missed a delta): the next poll starts a new epoch and sends
     * everything again, in chunks, to all standbys (a table of any size is never one message).
     */
    synchronized void onSnapshotRequest(Address from) {
        if (active) {
            resync = true;
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
        return active ? sent.size() : table.size();
    }

    synchronized Optional<Duration> lastUpdateAge() {
        return lastUpdateNanos < 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(clock.getAsLong() - lastUpdateNanos));
    }
}
