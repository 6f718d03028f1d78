package org.ldirector.director.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code logfile="/path"}: {@code [<ctime>|<cfgname>|<pid>] <message>}. Like ldirectord, the file is opened for
 * appending, written and closed for every line, so a file moved or deleted by logrotate is recreated at the
 * configured path by the next line, without a signal and without losing a line. If the line cannot be written the
 * bare message goes to stderr.
 */
final class FileSink implements LineSink {

    private final Path path;
    private final String prefixTail;
    private final Clock clock;
    // Keeps lines whole and in time order in the file; a ReentrantLock so virtual threads do not pin (Java 21).
    private final ReentrantLock lock = new ReentrantLock();

    FileSink(Path path, String cfgName, long pid, Clock clock) {
        this.path = path;
        this.prefixTail = "|" + cfgName + "|" + pid + "] ";
        this.clock = clock;
    }

    @Override
    public void line(String message) {
        lock.lock();
        try {
            String text = "[" + CTime.format(clock.instant(), clock.getZone()) + prefixTail + message + "\n";
            if (!append(path, text.getBytes(StandardCharsets.UTF_8))) {
                StdStreams.err(message + "\n");
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code open(">>path") and print and close}: true if all three worked. Never throws. */
    static boolean append(Path path, byte[] bytes) {
        // FileOutputStream(append=true) opens with O_APPEND|O_CREAT: one write(2) at the current end of the file.
        try (FileOutputStream out = new FileOutputStream(path.toFile(), true)) {
            out.write(bytes);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
