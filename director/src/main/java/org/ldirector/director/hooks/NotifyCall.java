package org.ldirector.director.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ldirector.director.config.HookCommand;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * The {@code notify} call for one event: {@code PATH ARGS... EVENT VIRTUAL REAL}, with {@code -} for a virtual or
 * real the event is not about, and the same facts in {@code LDIRECTOR_*} variables.
 */
final class NotifyCall {

    /** Longest {@code LDIRECTOR_REASON}; a check's message can be a whole page. */
    static final int REASON_LIMIT = 1000;

    private NotifyCall() {
    }

    static HookJob job(HookCommand command, HookEvent e) {
        List<String> argv = new ArrayList<>(command.argv());
        argv.add(e.name());
        argv.add(e.virtual().map(ServiceKey::id).orElse("-"));
        argv.add(e.real().map(Endpoint::toString).orElse("-"));
        return new HookJob("notify", about(e), argv, environment(e), "");
    }

    /** The variables every hook process gets: empty where the event has no such fact. */
    static Map<String, String> environment(HookEvent e) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LDIRECTOR_EVENT", e.name());
        env.put("LDIRECTOR_VIRTUAL", e.virtual().map(ServiceKey::id).orElse(""));
        env.put("LDIRECTOR_REAL", e.real().map(Endpoint::toString).orElse(""));
        env.put("LDIRECTOR_FROM", e.from());
        env.put("LDIRECTOR_TO", e.to());
        env.put("LDIRECTOR_REASON", reason(e.reason()));
        env.put("LDIRECTOR_TIME", e.at().toString());
        return env;
    }

    /** {@code up tcp:10.1.1.1:80 10.0.0.2:80}. */
    static String about(HookEvent e) {
        StringBuilder s = new StringBuilder(e.name());
        e.virtual().ifPresent(v -> s.append(' ').append(v.id()));
        e.real().ifPresent(r -> s.append(' ').append(r));
        return s.toString();
    }

    /** An environment value holds no NUL; a long message is cut, and says so. */
    static String reason(String reason) {
        String r = reason.replace('\0', ' ');
        return r.length() <= REASON_LIMIT ? r : r.substring(0, REASON_LIMIT - 3) + "...";
    }
}
