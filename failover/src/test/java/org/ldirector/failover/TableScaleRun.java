package org.ldirector.failover;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.ldirector.failover.conn.ConnectionTableReader;

/**
 * One side of {@link ConnectionTableScaleTest}, run in its own JVM at the launcher's default heap, as each director
 * runs in its own: {@code active FILE...} polls the files in turn (each for {@code polls} polls, every 500 ms, through
 * the same TaskGuard-wrapped schedule as the daemon) and writes every multicast delta, encoded as on the wire, to
 * stdout; {@code standby} applies what it reads on stdin and reports, per poll of the active, the lag from the
 * poll's start to its last delta applied.
 *
 * <p>Frames: {@code long millis (the poll's start), int length, bytes}; length -1 ends a poll.
 */
public final class TableScaleRun {

    private static final Address ACTIVE = new UUID(0, 1);

    private TableScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("active")) {
            active(Integer.parseInt(args[1]), args);
        } else {
            standby();
        }
    }

    private static void active(int pollsPerFile, String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
        AtomicReference<Path> current = new AtomicReference<>(files.get(0));
        long[] pollStart = new long[1];
        // The files are still pictures of a table whose timers run down one second a file (two polls): the
        // replicator's clock is that picture's time, so its predicted countdown matches them as it would the kernel.
        java.util.concurrent.atomic.AtomicLong tableTime = new java.util.concurrent.atomic.AtomicLong();
        TableReplicator r = new TableReplicator(tableTime::get,
                each -> ConnectionTableReader.forEach(each, current.get()), new TableReplicator.Sender() {
                    @Override
                    public void multicast(Wire.Msg msg) {
                        frame(out, pollStart[0], Wire.encode(msg));
                    }

                    @Override
                    public void unicast(Address to, Wire.Msg msg) {
                        throw new IllegalStateException("the active sends no unicast");
                    }
                });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        int[] polls = new int[1];
        Object done = new Object();
        TaskGuard guard = new TaskGuard("Replicating the connection table", System::nanoTime);
        timer.scheduleWithFixedDelay(guard.wrap(() -> {
            int n = polls[0]++;
            if (n >= pollsPerFile * files.size()) {
                synchronized (done) {
                    done.notifyAll();
                }
                return;
            }
            current.set(files.get(n / pollsPerFile));
            tableTime.set(n * 1_000_000_000L / pollsPerFile);
            pollStart[0] = System.currentTimeMillis();
            long t0 = System.nanoTime();
            long cpu0 = cpuMs();
            if (n == 0) {
                r.becameActive(); // a new epoch: its first poll sends the whole table
            } else {
                r.poll();
            }
            frame(out, pollStart[0], null);
            System.err.printf("active poll %d (%s): %d ms (cpu %d ms), %d entries, version %d%n", n,
                    current.get().getFileName(), (System.nanoTime() - t0) / 1_000_000, cpuMs() - cpu0, r.size(),
                    r.version());
        }), 0, 500, TimeUnit.MILLISECONDS);
        synchronized (done) {
            while (polls[0] <= pollsPerFile * files.size()) {
                done.wait(1000);
            }
        }
        timer.shutdownNow();
        out.flush();
        System.err.println("active heap after GC: " + heapAfterGcMb() + " MB");
    }

    private static void frame(DataOutputStream out, long millis, byte[] bytes) {
        try {
            out.writeLong(millis);
            out.writeInt(bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                out.write(bytes);
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void standby() throws Exception {
        TableReplicator r = new TableReplicator(System::nanoTime, each -> { }, new TableReplicator.Sender() {
            @Override
            public void multicast(Wire.Msg msg) {
            }

            @Override
            public void unicast(Address to, Wire.Msg msg) {
                // a snapshot request: the active's first poll is the whole table anyway
            }
        });
        r.holderChanged(ACTIVE);
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int deltas = 0;
        int largest = 0;
        while (true) {
            long millis;
            try {
                millis = in.readLong();
            } catch (EOFException e) {
                break;
            }
            int len = in.readInt();
            if (len < 0) {
                System.out.printf("poll lag=%d size=%d version=%d%n", System.currentTimeMillis() - millis, r.size(),
                        r.version());
                continue;
            }
            largest = Math.max(largest, len);
            byte[] b = in.readNBytes(len);
            r.onDelta(ACTIVE, (Wire.Delta) Wire.decode(b, 0, len));
            deltas++;
        }
        System.out.printf("final size=%d version=%d deltas=%d largest=%d heapAfterGcMb=%d%n", r.size(), r.version(),
                deltas, largest, heapAfterGcMb());
    }

    private static long cpuMs() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    private static long heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
