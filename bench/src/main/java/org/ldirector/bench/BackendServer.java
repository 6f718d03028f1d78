package org.ldirector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The benchmark's real servers, in a JVM of their own: one listening socket per real of
 * {@link Layout} (those with {@code i % parts == part}), served by a few NIO selector threads.
 * A healthy real reads the request up to its blank line and answers a fixed
 * {@code 200 OK} / {@code ok}; a hanging real accepts and reads but never answers. Either way the
 * connection is closed only once the checker has closed it (the checker closes first, as
 * {@code Connection: close} asks), so TIME_WAIT stays on the checker's side, its worst case.
 *
 * <p>Prints {@code READY listeners=<n>} once every socket listens, then serves until its standard
 * input closes (the harness died or is done) or {@code --max-seconds} pass, and prints its
 * counters on the way out.
 */
public final class BackendServer {

    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);

    private BackendServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        Layout layout = Layout.fromArgs(a);
        int part = a.integer("--part", 0);
        int parts = a.integer("--parts", 1);
        int threads = a.integer("--threads", 2);
        int backlog = a.integer("--backlog", 128);
        long maxSeconds = a.integer("--max-seconds", 900);

        List<Loop> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loops.add(new Loop(Selector.open()));
        }
        int listeners = 0;
        for (int i = part; i < layout.n(); i += parts) {
            ServerSocketChannel ssc = ServerSocketChannel.open();
            ssc.configureBlocking(false);
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ssc.bind(new InetSocketAddress(layout.host(i), layout.port(i)), backlog);
            Loop loop = loops.get(listeners % threads);
            ssc.register(loop.selector, SelectionKey.OP_ACCEPT, layout.hangs(i) ? Loop.HANG : Loop.ANSWER);
            listeners++;
        }
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = Thread.ofPlatform().name("backend-" + t).daemon(true).start(loops.get(t));
            running.add(th);
        }
        System.out.println("READY listeners=" + listeners);
        System.out.flush();

        Thread.ofPlatform().name("max-seconds").daemon(true).start(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("backend: --max-seconds " + maxSeconds + " reached, exiting");
            finish(loops);
        });
        // Serve until the harness closes our standard input (or dies, which closes it too).
        InputStream in = System.in;
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // ignore whatever is written
        }
        finish(loops);
    }

    private static synchronized void finish(List<Loop> loops) {
        long accepted = 0;
        long answered = 0;
        long hung = 0;
        long closed = 0;
        long errors = 0;
        for (Loop l : loops) {
            accepted += l.accepted;
            answered += l.answered;
            hung += l.hung;
            closed += l.closed;
            errors += l.errors;
        }
        System.out.println("BACKEND accepted=" + accepted + " answered=" + answered + " hung=" + hung
                + " closed=" + closed + " errors=" + errors);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** One selector thread: accepts on its listeners and serves the connections it accepted. */
    static final class Loop implements Runnable {
        static final Object ANSWER = "answer";
        static final Object HANG = "hang";

        final Selector selector;
        volatile long accepted;
        volatile long answered;
        volatile long hung;
        volatile long closed;
        volatile long errors;

        Loop(Selector selector) {
            this.selector = selector;
        }

        /** Per connection: does it answer, has it, and how much of "\r\n\r\n" it has seen. */
        static final class Conn {
            final boolean hang;
            boolean done;
            int crlf;

            Conn(boolean hang) {
                this.hang = hang;
            }
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(8192);
            ByteBuffer response = ByteBuffer.allocateDirect(RESPONSE.length).put(RESPONSE).flip();
            while (true) {
                try {
                    selector.select();
                } catch (IOException e) {
                    errors++;
                    continue;
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept(key);
                        } else if (key.isReadable()) {
                            read(key, buf, response);
                        }
                    } catch (IOException e) {
                        errors++;
                        closeQuietly(key);
                    }
                }
            }
        }

        private void accept(SelectionKey key) throws IOException {
            ServerSocketChannel ssc = (ServerSocketChannel) key.channel();
            boolean hang = key.attachment() == HANG;
            for (int i = 0; i < 64; i++) {
                SocketChannel c = ssc.accept();
                if (c == null) {
                    return;
                }
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.register(selector, SelectionKey.OP_READ, new Conn(hang));
                accepted++;
                if (hang) {
                    hung++;
                }
            }
        }

        private void read(SelectionKey key, ByteBuffer buf, ByteBuffer response) throws IOException {
            SocketChannel c = (SocketChannel) key.channel();
            Conn conn = (Conn) key.attachment();
            buf.clear();
            int r = c.read(buf);
            if (r < 0) {
                closeQuietly(key);
                closed++;
                return;
            }
            if (conn.hang || conn.done) {
                return;
            }
            // Answer once the request's header block has ended ("\r\n\r\n", possibly split over reads).
            for (int p = 0; p < r && !conn.done; p++) {
                byte b = buf.get(p);
                int want = (conn.crlf % 2 == 0) ? '\r' : '\n';
                if (b == want) {
                    conn.crlf++;
                    if (conn.crlf == 4) {
                        conn.done = true;
                    }
                } else {
                    conn.crlf = b == '\r' ? 1 : 0;
                }
            }
            if (conn.done) {
                response.rewind();
                while (response.hasRemaining()) {
                    if (c.write(response) == 0) {
                        Thread.onSpinWait(); // 90 bytes into an empty loopback socket buffer: never in practice
                    }
                }
                answered++;
            }
        }

        private static void closeQuietly(SelectionKey key) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
