package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;

/** {@link Seal} on its own: what is sealed opens once, and nothing else opens. */
class SealTest {

    /** Collects what reaches it from above or below. */
    private static final class End extends Protocol {
        final List<Message> got = new ArrayList<>();

        @Override
        public Object down(Message msg) {
            got.add(msg);
            return null;
        }

        @Override
        public Object up(Message msg) {
            got.add(msg);
            return null;
        }
    }

    private static Seal seal(byte k, End below, End above) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, k);
        Seal s = new Seal(new SecretKeySpec(key, "AES"));
        s.setDownProtocol(below);
        s.setUpProtocol(above);
        return s;
    }

    private static Message copyOf(Message m) {
        return new BytesMessage(null, java.util.Arrays.copyOfRange(m.getArray(), m.getOffset(),
                m.getOffset() + m.getLength()));
    }

    @Test
    void aSealedMessageOpensOnceAndItsReplayIsDropped() {
        End wire = new End();
        End delivered = new End();
        Seal sender = seal((byte) 1, wire, new End());
        Seal receiver = seal((byte) 1, new End(), delivered);
        sender.down(new BytesMessage(null, "heartbeat".getBytes()));
        Message sealed = wire.got.get(0);
        assertThat(new String(sealed.getArray(), sealed.getOffset(), sealed.getLength())).doesNotContain("heartbeat");

        receiver.up(copyOf(sealed));
        assertThat(delivered.got).hasSize(1);
        Message m = delivered.got.get(0);
        assertThat(new String(m.getArray(), m.getOffset(), m.getLength())).isEqualTo("heartbeat");

        receiver.up(copyOf(sealed));
        assertThat(delivered.got).hasSize(1);
        assertThat(receiver.replayed()).isEqualTo(1);
    }

    @Test
    void everyFlippedBitIsDroppedAndCounted() {
        End wire = new End();
        End delivered = new End();
        Seal sender = seal((byte) 1, wire, new End());
        Seal receiver = seal((byte) 1, new End(), delivered);
        sender.down(new BytesMessage(null, "state node1 holding".getBytes()));
        Message sealed = wire.got.get(0);
        int bits = sealed.getLength() * 8;
        for (int bit = 0; bit < bits; bit++) {
            Message flipped = copyOf(sealed);
            flipped.getArray()[bit / 8] ^= (byte) (1 << (bit % 8));
            receiver.up(flipped);
        }
        assertThat(delivered.got).isEmpty();
        assertThat(receiver.unauthentic()).isEqualTo(bits);
        Message truncated = copyOf(sealed);
        truncated.setArray(truncated.getArray(), 0, truncated.getLength() - 1);
        receiver.up(truncated);
        assertThat(receiver.unauthentic()).isEqualTo(bits + 1);
        receiver.up(copyOf(sealed)); // the intact one still opens
        assertThat(delivered.got).hasSize(1);
    }

    @Test
    void anotherKeyOpensNothing() {
        End wire = new End();
        End delivered = new End();
        seal((byte) 1, wire, new End()).down(new BytesMessage(null, "join".getBytes()));
        Seal other = seal((byte) 2, new End(), delivered);
        other.up(copyOf(wire.got.get(0)));
        assertThat(delivered.got).isEmpty();
        assertThat(other.unauthentic()).isEqualTo(1);
    }

    @Test
    void theWindowTakesReorderedMessagesOnceAndRefusesTooOldOnes() {
        Seal.Window w = new Seal.Window();
        assertThat(w.accept(5)).isTrue();
        assertThat(w.accept(3)).isTrue();
        assertThat(w.accept(3)).isFalse();
        assertThat(w.accept(5)).isFalse();
        assertThat(w.accept(4)).isTrue();
        assertThat(w.accept(5 + Seal.WINDOW)).isTrue();
        assertThat(w.accept(1)).as("older than the window").isFalse();
        assertThat(w.accept(6)).as("the window's oldest, unseen").isTrue();
        assertThat(w.accept(7 + Seal.WINDOW)).isTrue();
        assertThat(w.accept(6 + Seal.WINDOW)).isTrue();
        assertThat(w.accept(6 + Seal.WINDOW)).isFalse();
        assertThat(w.accept(0)).isFalse();
        assertThat(w.accept(10 * Seal.WINDOW)).isTrue();
        assertThat(w.accept(10 * Seal.WINDOW - 1)).as("fresh after a jump").isTrue();
        assertThat(w.accept(9 * Seal.WINDOW)).isFalse();
    }
}
