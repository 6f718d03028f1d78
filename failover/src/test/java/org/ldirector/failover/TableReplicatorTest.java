package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;
import org.ldirector.failover.conn.IpvsConnection;

/** The replication stream in deltas of at most {@link TableReplicator#CHUNK} changes, applied by a standby. */
class TableReplicatorTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Address activeAddress = new UUID(0, 1);
    private final List<Wire.Delta> sent = new ArrayList<>();
    private final List<Address> snapshotRequests = new ArrayList<>();
    private List<IpvsConnection> kernel = List.of();

    private final TableReplicator active = new TableReplicator(clock::get, each -> kernel.forEach(each),
            new TableReplicator.Sender() {
                @Override
                public void multicast(Wire.Msg msg) {
                    sent.add((Wire.Delta) msg);
                }

                @Override
                public void unicast(Address to, Wire.Msg msg) {
                    throw new AssertionError("the active sends no unicast");
                }
            });
    private final TableReplicator standby = new TableReplicator(clock::get, each -> { }, new TableReplicator.Sender() {
        @Override
        public void multicast(Wire.Msg msg) {
        }

        @Override
        public void unicast(Address to, Wire.Msg msg) {
            snapshotRequests.add(to);
        }
    });

    private static List<IpvsConnection> table(int from, int to, String state) throws Exception {
        List<IpvsConnection> out = new ArrayList<>();
        InetAddress vip = InetAddress.getByName("10.0.0.100");
        InetAddress real = InetAddress.getByName("10.0.0.11");
        for (int i = from; i < to; i++) {
            InetAddress client = InetAddress.getByAddress(new byte[] {11, (byte) (i >> 16), (byte) (i >> 8),
                (byte) i});
            out.add(new IpvsConnection("TCP", client, 1024 + i % 60000, vip, 80, real, 80, state, 900, "", ""));
        }
        return out;
    }

    /** Hands what the active sent to the standby, on the wire's form; returns the sizes of the deltas. */
    private List<Integer> deliver() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (Wire.Delta d : sent) {
            byte[] b = Wire.encode(d);
            assertThat(b.length).isLessThan(JGroupsStack.MAX_MESSAGE_BYTES);
            standby.onDelta(activeAddress, (Wire.Delta) Wire.decode(b, 0, b.length));
            sizes.add(d.upserts().size() + d.removals().size());
        }
        sent.clear();
        return sizes;
    }

    @Test
    void aLargeTableGoesInDeltasOfAtMostAChunkAndTheStandbyFollows() throws Exception {
        standby.holderChanged(activeAddress);
        kernel = table(0, 2500, "ESTABLISHED");
        active.becameActive();
        assertThat(deliver()).containsExactly(1000, 1000, 500);
        assertThat(standby.size()).isEqualTo(2500);
        assertThat(standby.version()).isEqualTo(3);

        // 1500 gone, 10 changed: 1510 changes, two deltas
        List<IpvsConnection> next = new ArrayList<>(table(0, 10, "FIN_WAIT"));
        next.addAll(table(10, 1000, "ESTABLISHED"));
        kernel = next;
        active.poll();
        assertThat(deliver()).containsExactly(1000, 510);
        assertThat(standby.size()).isEqualTo(1000);
        assertThat(standby.replicated()).filteredOn(c -> c.state().equals("FIN_WAIT")).hasSize(10);

        active.poll(); // nothing changed: nothing sent
        assertThat(sent).isEmpty();
    }

    @Test
    void aSnapshotRequestIsANewEpochSentInChunksAtTheNextPoll() throws Exception {
        kernel = table(0, 1500, "ESTABLISHED");
        active.becameActive();
        sent.clear(); // this standby missed all of it
        long epoch = active.epoch();

        standby.holderChanged(activeAddress);
        assertThat(snapshotRequests).containsExactly(activeAddress);
        active.onSnapshotRequest(new UUID(0, 2));
        assertThat(sent).as("not on the requester's (JGroups') thread").isEmpty();
        active.poll();
        assertThat(active.epoch()).isNotEqualTo(epoch);
        assertThat(sent.get(0).fromVersion()).isZero();
        assertThat(deliver()).containsExactly(1000, 500);
        assertThat(standby.size()).isEqualTo(1500);
        assertThat(standby.epoch()).isEqualTo(active.epoch());
    }
}
