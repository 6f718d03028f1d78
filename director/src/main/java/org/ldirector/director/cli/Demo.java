package org.ldirector.director.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

import org.ldirector.director.alert.AlertSink;
import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.WebSettings;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.ShellFallbackCommand;
import org.ldirector.director.engine.StandardMonitors;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.log.LogDestination;
import org.ldirector.director.log.LogSetup;
import org.ldirector.director.web.DirectorStatusSource;
import org.ldirector.director.web.Metrics;
import org.ldirector.director.web.WebActions;
import org.ldirector.director.web.WebServer;

/**
 * {@code ldirectord demo}: starts the demo real servers on 127.0.0.1 (web1 and web2 healthy, web3
 * flapping, a "sorry" fallback), runs the director in the foreground on
 * {@code etc/demo/ldirectord-demo.cf} — on the kernel's IPVS if this machine has it, else dry-run —
 * and prints the table with each real's health every few seconds; the status page is on
 * {@code web=} of that file (a free port if that one is taken) and its URL printed. Ends after
 * {@code LDIRECTOR_DEMO_SECONDS} (default 40) or Ctrl-C.
 */
final class Demo {

    private static final int[] PORTS = {18081, 18082, 18083};
    private static final int FALLBACK_PORT = 18089;
    private static final Duration FLAP_PERIOD = Duration.ofSeconds(8);

    private Demo() {
    }

    static int run(Invocation inv, PrintStream out, PrintStream err) {
        Optional<Path> cfg = demoConfig();
        if (cfg.isEmpty()) {
            err.println("ldirectord demo: cannot find etc/demo/ldirectord-demo.cf (set LDIRECTOR_HOME or run from the source tree)");
            return 1;
        }
        IpvsBackend ipvs;
        String why = IpvsBackends.unavailableReason(inv);
        if (inv.dryRun() || why != null) {
            out.println("ldirector demo: " + (inv.dryRun() ? "--dry-run given" : "no IPVS on this machine (" + why + ")")
                    + " - running dry-run: every IPVS change is logged as \"would run: ipvsadm ...\" and kept in memory, the kernel is not touched.");
            ipvs = IpvsBackends.dryRun();
        } else {
            out.println("ldirector demo: using the kernel's IPVS through " + IpvsBackends.describe(inv)
                    + "; the demo's virtual services (192.0.2.80) are removed again at the end.");
            ipvs = IpvsBackends.select(inv);
        }
        DirectorConfig config;
        try {
            config = ConfigParser.parse(cfg.get());
        } catch (ConfigException e) {
            err.println(e.format(LogSetup.pid()));
            return 2;
        } catch (IOException e) {
            err.println("ldirectord demo: " + e.getMessage());
            return 1;
        }
        LogSetup.configure(inv.debug() ? new LogDestination.Debug() : new LogDestination.Supervised(), inv.cfgName());
        List<HttpServer> servers = new ArrayList<>();
        AtomicBoolean web3Healthy = new AtomicBoolean(true);
        Thread flapper = null;
        WebServer web = null;
        try {
            for (int i = 0; i < PORTS.length; i++) {
                String name = "web" + (i + 1);
                servers.add(serve(PORTS[i], name, i == 2 ? web3Healthy : new AtomicBoolean(true)));
            }
            servers.add(serve(FALLBACK_PORT, "sorry", new AtomicBoolean(true)));
            out.println("ldirector demo: real servers web1 127.0.0.1:18081, web2 :18082, web3 :18083 (flaps every "
                    + FLAP_PERIOD.toSeconds() + " s), fallback :18089; config " + cfg.get());
            flapper = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(FLAP_PERIOD);
                        boolean now = !web3Healthy.get();
                        web3Healthy.set(now);
                        out.println("ldirector demo: web3 is now " + (now ? "healthy" : "failing (HTTP 500)"));
                    }
                } catch (InterruptedException e) {
                    // demo over
                }
            });
            Metrics metrics = new Metrics();
            Director director = new Director(ipvs, new StandardMonitors(), new ShellFallbackCommand(), AlertSink.NONE, Clock.systemDefaultZone(),
                metrics);
            director.start(config);
            web = startWeb(config, director, ipvs, metrics, out, err);
            out.print(director.list());
            long seconds = Long.parseLong(System.getenv().getOrDefault("LDIRECTOR_DEMO_SECONDS", "40"));
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                out.print(director.list());
            }
            out.println("ldirector demo: stopping (cleanstop removes the demo's virtual services)");
            director.stop();
            out.print(director.list());
            return 0;
        } catch (IOException e) {
            err.println("ldirectord demo: cannot start the demo servers: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (web != null) {
                web.close();
            }
            if (flapper != null) {
                flapper.interrupt();
            }
            servers.forEach(s -> s.stop(0));
        }
    }

    /**
     * The status page on the demo configuration's {@code web=} (127.0.0.1:3636, Piranha's port), or on
     * a free port when that one is taken; read-only (no {@code webpasswd}). Prints its URL.
     */
    private static WebServer startWeb(DirectorConfig config, Director director, IpvsBackend ipvs, Metrics metrics,
                                      PrintStream out, PrintStream err) {
        WebSettings wanted = config.globals().web();
        if (!wanted.enabled()) {
            return null;
        }
        DirectorStatusSource source = new DirectorStatusSource(director, ipvs, Optional::empty, Clock.systemUTC());
        for (WebSettings w : List.of(wanted, new WebSettings(wanted.address(), 0, wanted.passwd(), wanted.cert(), wanted.key()))) {
            try {
                WebServer web = WebServer.start(w, source, metrics, WebActions.NONE);
                out.println("ldirector demo: status page at " + web.url() + " (also " + web.url() + "metrics and "
                        + web.url() + "status.json; read-only)");
                return web;
            } catch (Exception portTaken) {
                if (w.port() == 0) {
                    err.println("ldirectord demo: no status page: " + portTaken.getMessage());
                } else {
                    out.println("ldirector demo: port " + w.port() + " is taken, the status page takes a free one");
                }
            }
        }
        return null;
    }

    private static HttpServer serve(int port, String name, AtomicBoolean healthy) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            boolean ok = healthy.get();
            byte[] body = (ok ? "Test Page from " + name + "\n" : "Internal error on " + name + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 500, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        return server;
    }

    private static Optional<Path> demoConfig() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("ldirector.home");
        if (home != null) {
            candidates.add(Path.of(home, "etc", "demo", "ldirectord-demo.cf"));
        }
        candidates.add(Path.of("etc", "demo", "ldirectord-demo.cf"));
        return candidates.stream().filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }
}
