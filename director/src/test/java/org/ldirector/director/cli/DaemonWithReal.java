package org.ldirector.director.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test ({@code @RegisterExtension}): our daemon in a fresh directory ({@link DaemonUnderTest}) and one real
 * server for connect checks, a listening socket on loopback. After the test the daemon is stopped (if it runs), the
 * socket closed and the directory removed.
 */
final class DaemonWithReal implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private DaemonUnderTest daemon;
    private ServerSocket real;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("ldirector-daemon");
        real = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon = new DaemonUnderTest(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            daemon.run("stop");
        } finally {
            real.close();
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    Path dir() {
        return dir;
    }

    DaemonUnderTest daemon() {
        return daemon;
    }

    /** Check interval 1 s, check timeout 2 s, the test directory's log file. */
    String globals() {
        return "checkinterval=1\nchecktimeout=2\nlogfile=\"" + daemon.log + "\"\n";
    }

    /** A virtual service on {@code vip}:80 with the real, checked by connecting. */
    String virtual(String vip) {
        return "virtual=" + vip + ":80\n\treal=127.0.0.1:" + real.getLocalPort() + " masq\n\tchecktype=connect\n";
    }
}
