package org.ldirector.director.hooks;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes lines to {@code notifyfifo} on a thread of its own, so a FIFO nobody reads never holds up the daemon.
 * As keepalived's {@code fifo_open} does, the FIFO is created when missing and opened read-write ({@code O_RDWR}):
 * the open never waits for a reader and a reader that goes away causes no EPIPE; what is written while nobody
 * reads waits in the pipe for the next reader. When the pipe is full (keepalived then loses the line) the writer
 * thread waits, and the newest {@code capacity} lines wait in memory (older ones are dropped with a log line). A regular file at the path is appended to.
 * After a write error the file is opened again for the next line.
 */
final class NotifyFifo implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final Path path;
    private final int capacity;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final Thread writer;
    private boolean closed;
    private boolean failing;

    NotifyFifo(Path path, int capacity) {
        this.path = path;
        this.capacity = capacity;
        this.writer = new Thread(this::work, "notifyfifo");
        writer.setDaemon(true);
        writer.start();
    }

    Path path() {
        return path;
    }

    /** Queues one line (without its newline); never blocks. */
    synchronized void offer(String line) {
        if (closed) {
            return;
        }
        if (waiting.size() >= capacity) {
            LOG.info("notifyfifo {}: {} lines waiting for a reader, dropped the oldest: {}", path, capacity, waiting.removeFirst());
        }
        waiting.addLast(line);
        notifyAll();
    }

    /** Writes what is waiting (for at most {@code drain}), then stops. */
    void close(Duration drain) {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }

    private void work() {
        OutputStream out = null;
        try {
            while (true) {
                String line;
                synchronized (this) {
                    while (waiting.isEmpty() && !closed) {
                        wait();
                    }
                    if (waiting.isEmpty()) {
                        return;
                    }
                    line = waiting.removeFirst();
                }
                try {
                    if (out == null) {
                        out = open();
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (failing) {
                        LOG.info("notifyfifo {}: writing again", path);
                        failing = false;
                    }
                } catch (IOException e) {
                    if (!failing) {
                        LOG.info("notifyfifo {}: {}; line dropped, opening it again for the next one", path, e.getMessage());
                        failing = true;
                    }
                    closeQuietly(out);
                    out = null;
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            closeQuietly(out);
        }
    }

    private OutputStream open() throws IOException, InterruptedException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            mkfifo();
        }
        if (Files.isRegularFile(path)) {
            return new FileOutputStream(path.toFile(), true);
        }
        RandomAccessFile fifo = new RandomAccessFile(path.toFile(), "rw"); // O_RDWR: no wait for a reader, no EPIPE
        return new FileOutputStream(fifo.getFD()) {
            @Override
            public void close() throws IOException {
                fifo.close();
            }
        };
    }

    /** There is no mkfifo(3) in the JDK: mkfifo(1), with keepalived's mode 0644. */
    private void mkfifo() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "644", path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("cannot create the FIFO: " + (out.isEmpty() ? "mkfifo failed" : out));
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
