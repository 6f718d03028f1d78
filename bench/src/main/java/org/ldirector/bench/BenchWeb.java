package org.ldirector.bench;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.WebSettings;
import org.ldirector.director.engine.Director;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.web.DirectorStatusSource;
import org.ldirector.director.web.Metrics;
import org.ldirector.director.web.WebActions;
import org.ldirector.director.web.WebServer;

/** The measured director's web interface, built as the daemon builds it (read-only), on a free loopback port. */
final class BenchWeb {

    private BenchWeb() {
    }

    static WebServer start(Director director, DirectorConfig config, IpvsBackend ipvs, Metrics metrics) throws Exception {
        DirectorStatusSource source = new DirectorStatusSource(director, ipvs, Optional::empty, Clock.systemUTC());
        WebSettings settings = new WebSettings(Optional.of(InetAddress.getLoopbackAddress()), 0, Optional.empty(), Optional.empty(),
                Optional.empty());
        return WebServer.start(settings, source, metrics, WebActions.NONE);
    }
}
