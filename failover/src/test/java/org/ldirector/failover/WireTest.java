package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ldirector.failover.conn.IpvsConnection;

class WireTest {

    private static Wire.Msg roundTrip(Wire.Msg m) throws IOException {
        byte[] b = Wire.encode(m);
        return Wire.decode(b, 0, b.length);
    }

    @Test
    void everyMessageSurvivesTheWire() throws Exception {
        IpvsConnection c = new IpvsConnection("UDP", InetAddress.getByName("2001:db8::5"), 65535,
                InetAddress.getByName("10.0.0.100"), 5060, InetAddress.getByName("10.0.0.17"), 5060, "UDP", 180,
                "sip", "call-id");
        for (Wire.Msg m : List.of(new Wire.State("node1", 7, true, false, true, 42, -3), new Wire.Choice("node2", 9),
                new Wire.SnapshotRequest(), new Wire.Snapshot(5, 6, List.of(c)),
                new Wire.Delta(5, 6, List.of(c), List.of(c.key())))) {
            assertThat(roundTrip(m)).isEqualTo(m);
        }
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> Wire.decode(new byte[] {99}, 0, 1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Wire.decode(new byte[] {1, 0}, 0, 2)).isInstanceOf(IOException.class);
    }
}
