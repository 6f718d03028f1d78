package org.ldirector.bench.failover;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The soak's real servers: one process, one selector thread, {@code count} HTTP listeners on consecutive ports. Each
 * real is up (answers {@code 200 ok}) or down (answers {@code 503 no}) and flips at random, staying in a state for
 * {@code minDwell}..{@code maxDwell} seconds, so a check at a 1 s interval can see every state. Every flip is appended
 * to the log as {@code <epoch ms> <port> up|down}, the first line per port being its initial state. After
 * {@code seconds} the reals stop flipping (and log {@code <epoch ms> frozen}) and keep answering until killed.
 *
 * <pre>FlappingReals ADDRESS FIRST_PORT COUNT SECONDS MIN_DWELL MAX_DWELL SEED LOG</pre>
 */
public final class FlappingReals {

    private static final byte[] UP = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOWN =
            "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nno"
                    .getBytes(StandardCharsets.US_ASCII);

    private FlappingReals() {
    }

    public static void main(String[] a) throws IOException {
        InetAddress address = InetAddress.getByName(a[0]);
        int first = Integer.parseInt(a[1]);
        int count = Integer.parseInt(a[2]);
        long endAt = System.currentTimeMillis() + Long.parseLong(a[3]) * 1000;
        long minDwell = Long.parseLong(a[4]) * 1000;
        long maxDwell = Long.parseLong(a[5]) * 1000;
        SplittableRandom random = new SplittableRandom(Long.parseLong(a[6]));
        boolean[] up = new boolean[count];
        PriorityQueue<long[]> flips = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        Selector selector = Selector.open();
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(Path.of(a[7])), true)) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                ServerSocketChannel server = ServerSocketChannel.open();
                server.bind(new InetSocketAddress(address, first + i), 512);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT, i);
                up[i] = random.nextInt(4) != 0; // three in four start up
                log.println(now + " " + (first + i) + " " + (up[i] ? "up" : "down"));
                flips.add(new long[] {now + random.nextLong(minDwell, maxDwell + 1), i});
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            boolean frozen = false;
            while (true) {
                selector.select(50);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, key.attachment());
                        }
                    } else if (key.isValid() && key.isReadable()) {
                        SocketChannel c = (SocketChannel) key.channel();
                        in.clear();
                        int n;
                        try {
                            n = c.read(in);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            c.close();
                        } else if (n > 0 && endsHead(in)) {
                            try {
                                c.write(ByteBuffer.wrap(up[(Integer) key.attachment()] ? UP : DOWN));
                            } catch (IOException e) {
                                // the check gave up: nothing to answer
                            }
                            c.close();
                        }
                    }
                }
                now = System.currentTimeMillis();
                if (!frozen && now >= endAt) {
                    frozen = true;
                    log.println(now + " frozen");
                }
                while (!frozen && !flips.isEmpty() && flips.peek()[0] <= now) {
                    long[] f = flips.poll();
                    int i = (int) f[1];
                    up[i] = !up[i];
                    log.println(now + " " + (first + i) + " " + (up[i] ? "up" : "down"));
                    flips.add(new long[] {now + random.nextLong(minDwell, maxDwell + 1), i});
                }
            }
        }
    }

    /** Whether the bytes read so far end an HTTP request head (the checks' requests fit one read). */
    private static boolean endsHead(ByteBuffer in) {
        int n = in.position();
        byte[] b = in.array();
        for (int i = 3; i < n; i++) {
            if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') {
                return true;
            }
        }
        return false;
    }
}
