package org.ldirector.director.hooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * keepalived's {@code lvs_notify_fifo} lines for our events: {@code RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 UP}
 * when a real becomes alive or not (drained counts as alive, as a keepalived real at weight 0 does), and
 * {@code VS [192.0.2.1]:tcp:80 UP|DOWN} when a virtual gets its first serving real or loses its last one (or
 * falls back at start with none). A firewall-mark virtual is {@code FWM 7}, its reals {@code :tcp:} (keepalived's
 * default service type). Keeps what it has said, so each line is a change; not thread-safe.
 */
final class FifoLines {

    private final Map<ServiceKey, Set<Endpoint>> serving = new HashMap<>();
    private final Map<ServiceKey, Boolean> said = new HashMap<>();

    List<String> lines(EngineEvent event) {
        List<String> out = new ArrayList<>();
        switch (event) {
            case EngineEvent.RealChanged c -> {
                if (c.from() == RealState.UNKNOWN || alive(c.from()) != alive(c.to())) {
                    out.add("RS " + real(c.virtual(), c.real()) + " " + virtual(c.virtual()) + " " + upDown(alive(c.to())));
                }
                Set<Endpoint> s = serving.computeIfAbsent(c.virtual(), k -> new HashSet<>());
                if (c.to().serving()) {
                    s.add(c.real());
                } else {
                    s.remove(c.real());
                }
                if (!s.isEmpty() || said.containsKey(c.virtual())) {
                    virtualState(c.virtual(), !s.isEmpty(), out);
                }
            }
            case EngineEvent.FallbackChanged f -> virtualState(f.virtual(), !f.active(), out);
            case EngineEvent.Reloaded r -> {
            }
            case EngineEvent.RoleChanged r -> {
            }
        }
        return out;
    }

    private void virtualState(ServiceKey v, boolean up, List<String> out) {
        Boolean before = said.put(v, up);
        if (before == null || before != up) {
            out.add("VS " + virtual(v) + " " + upDown(up));
        }
    }

    private static boolean alive(RealState s) {
        return s == RealState.UP || s == RealState.DRAINED;
    }

    private static String upDown(boolean up) {
        return up ? "UP" : "DOWN";
    }

    /** keepalived's {@code FMT_VS}: {@code [ip]:proto:port} ({@code inet_sockaddrtotrio}) or {@code FWM n}. */
    static String virtual(ServiceKey v) {
        return switch (v) {
            case ServiceKey.Address a -> trio(a.endpoint(), a.protocol().configName());
            case ServiceKey.Fwmark f -> "FWM " + Integer.toUnsignedString(f.mark());
        };
    }

    static String real(ServiceKey v, Endpoint real) {
        return trio(real, v instanceof ServiceKey.Address a ? a.protocol().configName() : "tcp");
    }

    private static String trio(Endpoint e, String protocol) {
        return "[" + e.host() + "]:" + protocol + ":" + e.port();
    }
}
