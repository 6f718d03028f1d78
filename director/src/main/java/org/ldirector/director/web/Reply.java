package org.ldirector.director.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One response: status, type, body, extra headers, and how long to hold it back (failed logins). */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers, Duration delay) {

    static Reply html(int status, String html) {
        return new Reply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
    }

    static Reply json(int status, String json) {
        return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
    }

    /** {"ok":…,"message":…} */
    static Reply result(int status, boolean ok, String message) {
        return json(status, "{\"ok\":" + ok + ",\"message\":" + StatusJson.str(message) + "}\n");
    }

    Reply with(String header, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(header, value);
        return new Reply(status, contentType, body, h, delay);
    }

    Reply delayed(Duration d) {
        return new Reply(status, contentType, body, headers, d);
    }
}
