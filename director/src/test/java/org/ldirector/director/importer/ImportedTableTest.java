package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.StandardMonitors;
import org.ldirector.director.ipvs.InMemoryIpvs;
import org.ldirector.director.ipvs.IpvsTable;

/**
 * End to end: a Piranha lvs.cf is imported, our director runs the result with its real checks against real servers
 * on loopback (an in-memory IPVS table), and the table is what the lvs.cf meant: its services, schedulers,
 * persistence, forwarding method and weights, with the inactive server left out, a dead quiesced one at weight 0, and
 * only the real for which the send_program printed the expected text.
 */
class ImportedTableTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> peers = new ArrayList<>();
    private Director director;

    @AfterEach
    void stop() throws Exception {
        if (director != null) {
            director.stop();
        }
        for (AutoCloseable p : peers) {
            p.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"direct, gate", "nat, masq", "tunnel, ipip"})
    void theDirectorBuildsTheTableTheLvsCfMeant(String network, String forwarding) throws Exception {
        int web = http("127.0.0.2", 0);
        http("127.0.0.3", web);
        int mail = listen("127.0.0.2", 0);
        int marked = listen("127.0.0.3", 0);
        // nanny's send_program: prints OK for 127.0.0.3 only, whatever it exits with.
        Path program = dir.resolve("probe");
        Files.writeString(program, "#!/bin/sh\n[ \"$1\" = 127.0.0.3 ] && echo OK || echo BUSY\nexit 0\n");
        program.toFile().setExecutable(true);
        Path source = dir.resolve("lvs.cf");
        Files.writeString(source, """
                serial_no = 3
                service = lvs
                network = %1$s
                virtual www {
                     active = 1
                     address = 10.20.0.1 eth0:1
                     port = %2$d
                     send = "GET / HTTP/1.0\\r\\n\\r\\n"
                     expect = "HTTP"
                     scheduler = wlc
                     persistent = 60
                     protocol = tcp
                     timeout = 3
                     server a {
                         address = 127.0.0.2
                         active = 1
                         weight = 1
                     }
                     server b {
                         address = 127.0.0.3
                         active = 1
                         weight = 3
                     }
                     server c {
                         address = 127.0.0.9
                         active = 0
                         weight = 5
                     }
                }
                virtual mail {
                     active = 1
                     address = 10.20.0.1 eth0:1
                     port = %3$d
                     scheduler = rr
                     quiesce_server = 1
                     timeout = 2
                     server up {
                         address = 127.0.0.2
                         active = 1
                         weight = 2
                     }
                     server dead {
                         address = 127.0.0.4
                         active = 1
                         weight = 2
                     }
                }
                virtual marked {
                     active = 1
                     address = 10.20.0.2 eth0:2
                     fwmark = 7
                     port = %4$d
                     scheduler = sh
                     timeout = 2
                     server m {
                         address = 127.0.0.3
                         active = 1
                         weight = 4
                     }
                }
                virtual probed {
                     active = 1
                     address = 10.20.0.4 eth0:4
                     port = 443
                     send_program = "%5$s %%h"
                     expect = "OK"
                     scheduler = lc
                     timeout = 2
                     server p {
                         address = 127.0.0.2
                         active = 1
                     }
                     server q {
                         address = 127.0.0.3
                         active = 1
                     }
                }
                virtual old {
                     active = 0
                     address = 10.20.0.3 eth0:3
                     port = 80
                     server x {
                         address = 127.0.0.5
                         active = 1
                     }
                }
                """.formatted(network, web, mail, marked, program));
        Imports.Run r = Imports.imported(source, dir.resolve("out"));
        DirectorConfig config = ConfigParser.system().read(dir.resolve("out/ldirectord.cf"));

        InMemoryIpvs ipvs = new InMemoryIpvs();
        director = new Director(ipvs, new StandardMonitors());
        director.start(config);
        String f = forwarding;
        String expected = java.util.stream.Stream.of(
                "tcp:10.20.0.1:" + web + " wlc persistent=60 [127.0.0.2:" + web + " " + f + " 1, 127.0.0.3:" + web + " "
                        + f + " 3]",
                "tcp:10.20.0.1:" + mail + " rr [127.0.0.2:" + mail + " " + f + " 2, 127.0.0.4:" + mail + " " + f + " 0]",
                "fwm:7 sh [127.0.0.3:0 " + f + " 4]",
                "tcp:10.20.0.4:443 lc [127.0.0.3:443 " + f + " 1]").sorted().collect(Collectors.joining("\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(render(ipvs.read()))
                .as("the import's report:\n%s", r.out()).isEqualTo(expected));
    }

    /** One line per service: id, scheduler, persistence, and each destination's endpoint, forwarding and weight. */
    private static String render(IpvsTable table) {
        return table.services().values().stream().map(e -> e.service().key().id() + " " + e.service().scheduler()
                + (e.service().persistence().isPresent() ? " persistent=" + e.service().persistence().getAsInt() : "")
                + " " + e.destinations().values().stream()
                        .map(d -> d.endpoint() + " " + d.forwarding().configName() + " " + d.weight())
                        .collect(Collectors.joining(", ", "[", "]")))
                .sorted().collect(Collectors.joining("\n"));
    }

    private int http(String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 16);
        server.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        peers.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }

    private int listen(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(address));
        peers.add(socket);
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    socket.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket.getLocalPort();
    }
}
