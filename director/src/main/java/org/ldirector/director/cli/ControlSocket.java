package org.ldirector.director.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A unix socket ({@code <rundir>/ldirectord.<cfgname>.sock}, mode 0600) on which the running
 * daemon answers one-line requests from the command line ({@code list}, {@code ha-status}
 * and friends): the request is one line, the answer is everything until the daemon closes.
 * The socket is bound inside a private 0700 directory and renamed into place, so it is never reachable
 * with a looser mode; only root and the daemon's own user (SO_PEERCRED) are answered; a request is at most
 * {@link #MAX_REQUEST} bytes and must arrive within {@link #REQUEST_TIMEOUT}.
 */
public final class ControlSocket implements AutoCloseable {

    static final int MAX_REQUEST = 4096;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(Long.getLong("ldirector.controlTimeout", 5));

    private final Path path;
    private final ServerSocketChannel server;
    private final Set<UserPrincipal> allowed;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Set<UserPrincipal> allowed, Function<String, String> handler) {
        this.path = path;
        this.server = server;
        this.allowed = allowed;
        this.acceptor = Thread.ofVirtual().name("control " + path).start(() -> acceptLoop(handler));
    }

    public static Path pathFor(Path rundir, String cfgName) {
        return rundir.resolve("ldirectord." + cfgName + ".sock");
    }

    /** Opens the socket, replacing a stale one left by a crashed daemon. */
    public static ControlSocket open(Path path, Function<String, String> handler) throws IOException {
        Path privateDir = privateDirectory(path.toAbsolutePath().getParent());
        Path bound = privateDir.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Set<UserPrincipal> allowed = new HashSet<>();
            allowed.add(Files.getOwner(bound));
            try {
                allowed.add(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root"));
            } catch (IOException noRoot) {
                // a system without a root entry: the daemon's own user only
            }
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new ControlSocket(path, server, Set.copyOf(allowed), handler);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(privateDir);
        }
    }

    /**
     * A new 0700 directory next to the socket, {@code .ctl<pid>}: its path is shorter than the socket's own, so a
     * socket path within the kernel's 108 bytes binds there too. If that name exists, a random one.
     */
    private static Path privateDirectory(Path parent) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        try {
            return Files.createDirectory(parent.resolve(".ctl" + ProcessHandle.current().pid()), mode);
        } catch (FileAlreadyExistsException e) {
            return Files.createTempDirectory(parent, ".ctl", mode);
        }
    }

    /** Sends {@code request} to the daemon listening at {@code path} and returns its answer. */
    public static String ask(Path path, String request, Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            OutputStream out = Channels.newOutputStream(ch);
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            ch.shutdownOutput();
            Thread watchdog = closeAfter(ch, timeout);
            try {
                return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    /** A virtual thread that closes {@code ch} after {@code timeout} unless interrupted first. */
    private static Thread closeAfter(SocketChannel ch, Duration timeout) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                ch.close();
            } catch (InterruptedException | IOException ignored) {
                // done in time, or closed
            }
        });
    }

    private void acceptLoop(Function<String, String> handler) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().name("control request").start(() -> serve(ch, handler));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel ch, Function<String, String> handler) {
        try (ch) {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!allowed.contains(peer.user())) {
                answer(ch, "error: permission denied for user " + peer.user().getName() + "\n");
                return;
            }
            Thread watchdog = closeAfter(ch, REQUEST_TIMEOUT);
            Optional<String> request;
            try {
                request = readRequest(ch);
            } finally {
                watchdog.interrupt();
            }
            String answer;
            try {
                answer = request.isEmpty() ? "error: request longer than " + MAX_REQUEST + " bytes\n"
                        : request.get().isEmpty() ? "" : handler.apply(request.get().strip());
            } catch (RuntimeException e) {
                answer = "error: " + e.getMessage() + "\n";
            }
            answer(ch, answer);
        } catch (IOException ignored) {
            // the client went away, or was too slow
        }
    }

    /** The first line (without its newline), or empty if no newline came within {@link #MAX_REQUEST} bytes. */
    private static Optional<String> readRequest(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST + 1);
        while (buf.hasRemaining()) {
            int before = buf.position();
            if (ch.read(buf) < 0) {
                break;
            }
            for (int i = before; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return Optional.of(new String(buf.array(), 0, i, StandardCharsets.UTF_8));
                }
            }
        }
        if (!buf.hasRemaining()) {
            return Optional.empty();
        }
        return Optional.of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
    }

    /**
     * Writes the answer and ends it, then discards what the client still sends (for at most {@link #REQUEST_TIMEOUT}):
     * closing a unix socket with unread input resets the connection, and the client would lose the answer.
     */
    private static void answer(SocketChannel ch, String text) throws IOException {
        OutputStream out = Channels.newOutputStream(ch);
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        ch.shutdownOutput();
        Thread watchdog = closeAfter(ch, REQUEST_TIMEOUT);
        try {
            ByteBuffer discard = ByteBuffer.allocate(8192);
            while (ch.read(discard.clear()) >= 0) {
                // discarded
            }
        } finally {
            watchdog.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
