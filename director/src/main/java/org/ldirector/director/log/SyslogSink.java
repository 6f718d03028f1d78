package org.ldirector.director.log;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code logfile="<facility>"}: syslog through a long-running util-linux {@code logger} child, one line on its
 * stdin per message.
 *
 * <p>Why a child process: ldirectord's Sys::Syslog writes to {@code /dev/log}, a unix <em>datagram</em> socket, and
 * Java cannot open one (log4j's Syslog appender speaks UDP/TCP only; JNA is not a dependency). {@code logger}
 * (Debian's {@code bsdutils}, always installed) sends the same local format as Sys::Syslog,
 * {@code <PRI>Mmm dd hh:mm:ss ldirectord[<pid>]: <message>}, with {@code --id} set to the JVM's pid.
 *
 * <p>Failures: when a send fails (syslog daemon restarted) logger reconnects by itself and sends the line; if it
 * cannot reconnect it exits ({@code --socket-errors=on}) and the next line starts a new logger. A line goes to
 * stderr, as a failed file write does, when the socket does not exist or logger cannot be started. A line is lost
 * only if logger dies after reading it and before sending it.
 */
final class SyslogSink implements LineSink {

    // logger's default of 1 KiB would split longer lines; rsyslog accepts 8 KiB by default.
    private static final String MAX_MESSAGE_SIZE = "8192";

    private final Path socket;
    private final List<String> command;
    private final ReentrantLock lock = new ReentrantLock();
    private Process process;
    private OutputStream input;
    private boolean closed;

    SyslogSink(LogDestination.Syslog destination, long pid) {
        this.socket = destination.socket();
        List<String> args = new ArrayList<>(List.of("logger", "--tag", "ldirectord", "--id=" + pid,
                "--priority", destination.facility() + ".info", "--socket-errors=on", "--size", MAX_MESSAGE_SIZE));
        if (!socket.equals(LogDestination.Syslog.DEV_LOG)) {
            // Only when asked: older loggers switch to RFC 5424 for an explicit --socket.
            args.addAll(List.of("--socket", socket.toString()));
        }
        this.command = List.copyOf(args);
    }

    @Override
    public void line(String message) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            // A second attempt if the child died since the last line (broken pipe): the line goes to a new child.
            for (int attempt = 0; attempt < 2 && ensureRunning(); attempt++) {
                try {
                    input.write(bytes);
                    input.flush();
                    return;
                } catch (IOException e) {
                    discard();
                }
            }
        } finally {
            lock.unlock();
        }
        StdStreams.err(message + "\n");
    }

    /** Closes logger's stdin, so it sends what it has read and exits; waits a little for that. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (process == null) {
                return;
            }
            try {
                input.close();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
            process = null;
            input = null;
        } finally {
            lock.unlock();
        }
    }

    /** The pid of the current logger child, or -1; for tests. */
    long childPid() {
        lock.lock();
        try {
            return process != null && process.isAlive() ? process.pid() : -1;
        } finally {
            lock.unlock();
        }
    }

    private boolean ensureRunning() {
        if (process != null && process.isAlive()) {
            return true;
        }
        discard();
        if (closed || !Files.exists(socket)) {
            return false;
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(Redirect.PIPE)
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.INHERIT) // "logger: socket /dev/log: ..." reaches the operator
                    .start();
            input = process.getOutputStream();
            return true;
        } catch (IOException | RuntimeException e) {
            process = null;
            return false;
        }
    }

    private void discard() {
        if (process == null) {
            return;
        }
        try {
            input.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        process.destroy();
        process = null;
        input = null;
    }
}
