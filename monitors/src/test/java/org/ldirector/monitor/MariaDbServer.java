package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server (Debian's {@code mariadb-server}) on a throw-away data directory, a free
 * port on 127.0.0.1 and its own socket and pid files. At start it creates a database
 * {@value #DATABASE} with a table {@code health} of two rows and an empty table {@code nothing},
 * and a user {@value #USER} who may read them.
 *
 * <p>Fails, never skips, when the server binaries are missing: the SQL check must be tested.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String USER = "checker";
    public static final String PASSWORD = "Pa55-w0rd-never-logged";
    public static final String DATABASE = "checkdb";

    private static final String PACKAGE = "mariadb-server";
    private static final List<String> BIN_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final int port;

    private MariaDbServer(Process process, Path dir, int port) {
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

    public static MariaDbServer start(Path dir) throws IOException, InterruptedException {
        Path server = binary("mariadbd", "mysqld");
        Path installDb = binary("mariadb-install-db", "mysql_install_db");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = dir.resolve("data");
        List<String> small = List.of("--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M");

        List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
                "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (root) {
            install.add("--user=root");
        }
        install.addAll(small);
        run(install, dir.resolve("install.log"));

        Path init = dir.resolve("init.sql");
        Files.writeString(init, """
                CREATE DATABASE %1$s;
                CREATE USER '%2$s'@'%%' IDENTIFIED BY '%3$s';
                GRANT SELECT ON %1$s.* TO '%2$s'@'%%';
                CREATE TABLE %1$s.health (id INT PRIMARY KEY, status VARCHAR(16));
                INSERT INTO %1$s.health VALUES (1, 'ok'), (2, 'ok');
                CREATE TABLE %1$s.nothing (id INT);
                """.formatted(DATABASE, USER, PASSWORD));

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadb.pid"),
                "--log-error=" + dir.resolve("error.log"), "--init-file=" + init,
                "--skip-name-resolve", "--skip-log-bin", "--max-connections=200"));
        if (root) {
            command.add("--user=root"); // mariadbd refuses to run as root without it
        }
        command.addAll(small);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        MariaDbServer started = new MariaDbServer(process, dir, port);
        started.awaitReady();
        return started;
    }

    /** Polls until {@value #USER} can log in (the init file has run), or fails with the server's log. */
    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n" + log());
            }
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE + "?connectTimeout=1000", USER, PASSWORD)) {
                if (connection.isValid(1)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("mariadbd did not accept logins within " + START_TIMEOUT + ": " + last
                + "\n" + log());
    }

    private String log() throws IOException {
        Path error = dir.resolve("error.log");
        return Files.exists(error) ? Files.readString(error) : "(no error.log)";
    }

    /** SIGTERM = clean shutdown; SIGKILL if it takes too long. */
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

    private static Path binary(String... names) {
        for (String name : names) {
            for (String binDir : BIN_DIRS) {
                Path candidate = Path.of(binDir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(String.join(" / ", names) + " not found in " + BIN_DIRS
                + ": the SQL check tests need a real MariaDB server; install the Debian package " + PACKAGE
                + " (apt-get install " + PACKAGE + ")");
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " did not finish:\n" + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.getFirst() + " failed with " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
