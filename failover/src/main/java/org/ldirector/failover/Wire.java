package org.ldirector.failover;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.ldirector.failover.conn.Interned;
import org.ldirector.failover.conn.IpvsConnection;

/** The cluster's own messages and their binary form (no Java serialization). */
final class Wire {

    private static final byte STATE = 1;
    private static final byte CHOICE = 2;
    private static final byte SNAPSHOT_REQUEST = 3;
    private static final byte SNAPSHOT = 4;
    private static final byte DELTA = 5;
    private static final byte OPERATOR = 6;
    /** The longest operator command carried (a drain line is well under 200 characters). */
    static final int MAX_OPERATOR_COMMAND = 512;

    sealed interface Msg {
    }

    /**
     * A node's state, multicast every keepalive (it is also the heartbeat the "late heartbeat" warning watches) and at
     * once on every change. {@code ask}: a nonce an unconfirmed node wants echoed; {@code echo}: the nonce answered.
     */
    record State(String name, long viewId, boolean holding, boolean eligible, boolean pingOk, long ask, long echo)
            implements Msg {
    }

    /** A manual standby/takeover: {@code name} should be active. Higher {@code seq} wins (ties: the larger name). */
    record Choice(String name, long seq) implements Msg {
    }

    /** A standby asks the active for the whole connection table. */
    record SnapshotRequest() implements Msg {
    }

    /** The whole table at {@code version} of the active's {@code epoch}. */
    record Snapshot(long epoch, long version, List<IpvsConnection> entries) implements Msg {
    }

    /** The changes from {@code fromVersion} to {@code fromVersion + 1}. */
    record Delta(long epoch, long fromVersion, List<IpvsConnection> upserts, List<String> removals) implements Msg {
    }

    /** An operator's action taken on director {@code node} for every director ({@code drain VIRTUAL REAL}, ...). */
    record Operator(String node, String command) implements Msg {
    }

    private Wire() {
    }

    static byte[] encode(Msg msg) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (msg) {
                case State s -> {
                    out.writeByte(STATE);
                    out.writeUTF(s.name());
                    out.writeLong(s.viewId());
                    out.writeBoolean(s.holding());
                    out.writeBoolean(s.eligible());
                    out.writeBoolean(s.pingOk());
                    out.writeLong(s.ask());
                    out.writeLong(s.echo());
                }
                case Choice c -> {
                    out.writeByte(CHOICE);
                    out.writeUTF(c.name());
                    out.writeLong(c.seq());
                }
                case SnapshotRequest r -> out.writeByte(SNAPSHOT_REQUEST);
                case Snapshot s -> {
                    out.writeByte(SNAPSHOT);
                    out.writeLong(s.epoch());
                    out.writeLong(s.version());
                    writeEntries(out, s.entries());
                }
                case Operator o -> {
                    out.writeByte(OPERATOR);
                    out.writeUTF(o.node());
                    out.writeUTF(o.command());
                }
                case Delta d -> {
                    out.writeByte(DELTA);
                    out.writeLong(d.epoch());
                    out.writeLong(d.fromVersion());
                    writeEntries(out, d.upserts());
                    out.writeInt(d.removals().size());
                    for (String key : d.removals()) {
                        out.writeUTF(key);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Msg decode(byte[] buf, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buf, offset, length));
        byte type = in.readByte();
        return switch (type) {
            case STATE -> new State(in.readUTF(), in.readLong(), in.readBoolean(), in.readBoolean(), in.readBoolean(),
                    in.readLong(), in.readLong());
            case CHOICE -> new Choice(in.readUTF(), in.readLong());
            case SNAPSHOT_REQUEST -> new SnapshotRequest();
            case SNAPSHOT -> new Snapshot(in.readLong(), in.readLong(), readEntries(in));
            case DELTA -> {
                long epoch = in.readLong();
                long from = in.readLong();
                List<IpvsConnection> upserts = readEntries(in);
                int n = in.readInt();
                if (n < 0 || n > in.available()) {
                    throw new IOException("bad removal count " + n);
                }
                List<String> removals = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    removals.add(in.readUTF());
                }
                yield new Delta(epoch, from, upserts, removals);
            }
            case OPERATOR -> {
                String node = in.readUTF();
                String command = in.readUTF();
                if (command.length() > MAX_OPERATOR_COMMAND) {
                    throw new IOException("operator command too long");
                }
                yield new Operator(node, command);
            }
            default -> throw new IOException("unknown message type " + type);
        };
    }

    private static void writeEntries(DataOutputStream out, List<IpvsConnection> entries) throws IOException {
        out.writeInt(entries.size());
        for (IpvsConnection c : entries) {
            out.writeUTF(c.protocol());
            writeAddress(out, c.clientAddress());
            out.writeShort(c.clientPort());
            writeAddress(out, c.virtualAddress());
            out.writeShort(c.virtualPort());
            writeAddress(out, c.destinationAddress());
            out.writeShort(c.destinationPort());
            out.writeUTF(c.state());
            out.writeLong(c.expiresSeconds());
            out.writeUTF(c.peName());
            out.writeUTF(c.peData());
        }
    }

    private static List<IpvsConnection> readEntries(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) { // an entry takes more than a byte: a count past the end is a lie
            throw new IOException("bad entry count " + n);
        }
        List<IpvsConnection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new IpvsConnection(Interned.word(in.readUTF()), readAddress(in), in.readUnsignedShort(),
                    Interned.address(readAddress(in)), in.readUnsignedShort(), Interned.address(readAddress(in)),
                    in.readUnsignedShort(), Interned.word(in.readUTF()), in.readLong(), Interned.word(in.readUTF()),
                    in.readUTF()));
        }
        return out;
    }

    private static void writeAddress(DataOutputStream out, InetAddress a) throws IOException {
        byte[] b = a.getAddress();
        out.writeByte(b.length);
        out.write(b);
    }

    private static InetAddress readAddress(DataInputStream in) throws IOException {
        int len = in.readUnsignedByte();
        if (len != 4 && len != 16) {
            throw new IOException("bad address length " + len);
        }
        return InetAddress.getByAddress(in.readNBytes(len));
    }
}
