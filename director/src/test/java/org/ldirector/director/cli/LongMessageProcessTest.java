package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real whose 200 answer is a 1 MiB page without the {@code receive} text: the DOWN message in the monitorfile is
 * 512 characters and a truncation marker, not the page ({@code list} shortens it further).
 */
class LongMessageProcessTest {

    @RegisterExtension
    final DaemonWithReal world = new DaemonWithReal();

    @Test
    void aOneMebibytePageThatMissesReceiveIsABoundedMessageInTheMonitorfileAndList() throws Exception {
        byte[] page = ("<html>" + "p".repeat((1 << 20) - 13) + "</html>").getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            } catch (IOException clientGone) {
                // the check read what it wanted
            }
        });
        server.start();
        try {
            DaemonUnderTest daemon = world.daemon();
            Path monitorfile = world.dir().resolve("monitor.log");
            Files.writeString(daemon.config, world.globals() + "virtual=10.6.6.1:80\n\treal=127.0.0.1:"
                    + server.getAddress().getPort() + " masq\n\tservice=http\n\trequest=\"/\"\n\treceive=\"healthy\"\n"
                    + "\tmonitorfile=\"" + monitorfile + "\"\n");
            assertThat(daemon.run("start").exit()).isZero();
            daemon.await("a check result in the monitorfile", Duration.ofSeconds(30),
                    () -> Files.exists(monitorfile) && Files.size(monitorfile) > 0);
            List<String> lines = Files.readAllLines(monitorfile);
            String marker = "... [truncated, " + page.length + " characters]";
            assertThat(lines).isNotEmpty().allMatch(l -> l.length() < 1000 && l.contains("<html>ppp") && l.contains(marker));
            assertThat(daemon.run("list").out()).contains("<html>ppp").hasSizeLessThan(4000);
        } finally {
            server.stop(0);
        }
    }
}
