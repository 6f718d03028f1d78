package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql}) on a throw-away data directory and a free
 * port on 127.0.0.1, with Unix sockets off. {@code initdb} and {@code postgres} refuse to run as
 * root, so when the tests run as root (CI does) both run as the {@code postgres} user that the
 * package creates, through {@code setpriv} (which execs, so the server is our direct child). At
 * start it creates a user {@value #USER} owning a database {@value #DATABASE} with a table
 * {@code health} of two rows and an empty table {@code nothing}.
 *
 * <p>Fails, never skips, when the server binaries are missing: the pgsql check must be tested.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "checker";
    public static final String PASSWORD = "Pg-pa55-never-logged";
    public static final String DATABASE = "checkdb";

    private static final String PACKAGE = "postgresql";
    private static final String SUPERUSER = "postgres";
    private static final String SUPERUSER_PASSWORD = "superuser-pa55";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final int port;

    private PostgresServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The server process (for {@link Processes#signal}: a stopped server hangs its clients). */
    public long pid() {
        return process.pid();
    }

    public static PostgresServer start(Path dir) throws IOException, InterruptedException {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        // The postgres user must reach the data directory inside the test's private temp dir.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path work = Files.createDirectory(dir.resolve("pg"));
        Path data = work.resolve("data");
        Path passwordFile = work.resolve("superuser-password");
        Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", SUPERUSER + ":", work.toString()), dir.resolve("chown.log"));
        }

        run(asServerUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C",
                "--no-sync"), work.resolve("initdb.log"));

        int port = freePort();
        List<String> command = asServerUser(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=100",
                "-c", "logging_collector=off");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile())
                .start();
        PostgresServer started = new PostgresServer(process, work, port);
        started.awaitReady();
        started.createCheckerDatabase();
        return started;
    }

    private static List<String> asServerUser(boolean root, String... command) {
        List<String> line = new ArrayList<>();
        if (root) {
            line.addAll(List.of("setpriv", "--reuid=" + SUPERUSER, "--regid=" + SUPERUSER, "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2";
    }

    /** Polls until the superuser can log in, or fails with the server's log. */
    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with " + process.exitValue() + ":\n" + log());
            }
            try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, SUPERUSER_PASSWORD)) {
                if (connection.isValid(1)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("postgres did not accept logins within " + START_TIMEOUT + ": " + last
                + "\n" + log());
    }

    private void createCheckerDatabase() throws IOException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the check user and database", e);
        }
        try (Connection connection = DriverManager.getConnection(url(DATABASE), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE health (id INT PRIMARY KEY, status VARCHAR(16))");
            statement.execute("INSERT INTO health VALUES (1, 'ok'), (2, 'ok')");
            statement.execute("CREATE TABLE nothing (id INT)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the check tables", e);
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "(no server.log)";
    }

    /** SIGTERM (smart shutdown: our checks hold no sessions); SIGKILL if it takes too long. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has {@code initdb} and {@code postgres}. */
    private static Path binDir() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                var found = dirs.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparingInt(PostgresServer::version));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("initdb / postgres not found in /usr/lib/postgresql/*/bin: the pgsql check "
                + "tests need a real PostgreSQL server; install the Debian package " + PACKAGE
                + " (apt-get install " + PACKAGE + ")");
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " did not finish:\n" + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + process.exitValue()
                    + ":\n" + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
