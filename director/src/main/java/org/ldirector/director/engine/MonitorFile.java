package org.ldirector.director.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.CheckSettings;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.log.CTime;
import org.ldirector.monitor.HttpOptions;
import org.ldirector.monitor.OptionDirective;

/**
 * ldirectord's {@code monitorfile}: one line per check,
 * {@code [<ctime>] [<pid>] <real id, ':' runs squeezed to a space, '\' removed> [up|down] <message>}
 * with {@code %}, {@code |}, CR and LF in the message escaped as {@code %xx}. The file is opened,
 * appended and closed for every line (logrotate-safe). A write failure is logged once per failure
 * streak and never stops the daemon (ldirectord dies on a full disk — bug 16).
 */
final class MonitorFile {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long PID = ProcessHandle.current().pid();

    private final Map<Path, Boolean> failing = new ConcurrentHashMap<>();
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private final ZoneId zone;

    MonitorFile(ZoneId zone) {
        this.zone = zone;
    }

    void append(Path file, VirtualService v, RealServer r, boolean up, String message, Instant at) {
        String line = "[" + CTime.format(at, zone) + "] [" + PID + "] " + squeezedRealId(v, r) + " ["
                + (up ? "up" : "down") + "] " + escape(message.isEmpty() ? "-" : message) + "\n";
        synchronized (locks.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
                failing.remove(file);
            } catch (IOException e) {
                if (failing.put(file, Boolean.TRUE) == null) {
                    LOG.info("Error writing to monitorfile '{}': {}", file, e.getMessage());
                }
            }
        }
    }

    /** ldirectord's real id ({@code get_real_id_str}) as the monitor line shows it. */
    static String squeezedRealId(VirtualService v, RealServer r) {
        CheckSettings c = v.check();
        String check = switch (c.type()) {
            case NEGOTIATE -> "negotiate:" + c.service().configName();
            case COMBINED -> "combined:" + c.service().configName();
            case EXTERNAL, EXTERNAL_PERL -> c.type().configName() + ":" + c.checkCommand();
            default -> c.type().configName();
        };
        String id = check + ":" + v.key().protocolName() + ":" + r.endpoint().hostForDisplay() + ":" + r.endpoint().port()
                + ":" + c.value(HttpOptions.VIRTUALHOST) + ":" + (c.checkPort().isPresent() ? c.checkPort().getAsInt() : "")
                + ":" + r.weight() + ":" + r.forwarding().configName() + ":"
                + quotemeta(r.request().orElse(c.value(OptionDirective.REQUEST))) + ":"
                + quotemeta(r.receive().orElse(c.value(OptionDirective.RECEIVE)));
        return id.replaceAll(":+", " ").replace("\\", "");
    }

    /** Perl's quotemeta: a backslash before every ASCII non-word character. */
    static String quotemeta(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 2);
        for (char ch : s.toCharArray()) {
            if (ch < 128 && !Character.isLetterOrDigit(ch) && ch != '_') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    static String escape(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        for (char ch : message.toCharArray()) {
            switch (ch) {
                case '%', '|', '\r', '\n' -> sb.append('%').append(String.format("%02x", (int) ch));
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
