package org.ldirector.director.hooks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/** Events and configurations for the hook tests, written as an operator would. */
final class HookTestEvents {

    static final Instant AT = Instant.parse("2026-12-02T17:00:00Z");
    static final ServiceKey WEB = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("192.0.2.1:80"));
    static final Endpoint R1 = Endpoint.parse("10.0.0.2:8080");

    private HookTestEvents() {
    }

    static EngineEvent.RealChanged real(RealState from, RealState to, String reason) {
        return new EngineEvent.RealChanged(AT, WEB, R1, from, to, reason);
    }

    static DirectorConfig config(String text) throws ConfigException {
        return ConfigParser.system().read(Path.of("/etc/ha.d/ldirectord.cf"), text.getBytes(StandardCharsets.UTF_8));
    }
}
