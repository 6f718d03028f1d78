package org.ldirector.director.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;

/**
 * The operator's drain and maintenance marks, kept in a small state file next to the pid file so
 * they survive a reload and a restart. They act by what the engine is given: a drained real keeps
 * its checks with weight 0 (HAProxy's drain); a real in maintenance leaves the engine's
 * configuration, so it leaves the table and is not checked (a maintenancedir file without the file).
 * One line per mark: {@code drain tcp:10.1.1.1:80 127.0.0.1:8080}.
 */
public final class AdminStates {

    public enum Mark {
        DRAIN("drain"), MAINTENANCE("maintenance");

        private final String word;

        Mark(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private final Path file;
    private final Map<String, Mark> marks = new TreeMap<>();

    private AdminStates(Path file) {
        this.file = file;
    }

    /** Reads {@code file}; a missing file has no marks, unreadable lines are skipped. */
    public static AdminStates load(Path file) throws IOException {
        AdminStates s = new AdminStates(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return s;
        }
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                for (Mark m : Mark.values()) {
                    if (m.word().equals(f[0])) {
                        s.marks.put(key(f[1], f[2]), m);
                    }
                }
            }
        }
        return s;
    }

    private static String key(String virtual, String real) {
        return virtual + " " + real;
    }

    public synchronized Optional<Mark> mark(String virtual, String real) {
        return Optional.ofNullable(marks.get(key(virtual, real)));
    }

    /** Sets ({@code mark} present) or clears the mark and writes the file; throws if it cannot be written. */
    public synchronized void set(String virtual, String real, Optional<Mark> mark) throws IOException {
        Map<String, Mark> next = new TreeMap<>(marks);
        if (mark.isPresent()) {
            next.put(key(virtual, real), mark.get());
        } else {
            next.remove(key(virtual, real));
        }
        StringBuilder b = new StringBuilder();
        next.forEach((k, m) -> b.append(m.word()).append(' ').append(k).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        marks.clear();
        marks.putAll(next);
    }

    /** What the engine runs: {@code config} with drained reals at weight 0 and reals in maintenance left out. */
    public synchronized DirectorConfig apply(DirectorConfig config) {
        if (marks.isEmpty()) {
            return config;
        }
        List<VirtualService> virtuals = new ArrayList<>();
        for (VirtualService v : config.virtuals()) {
            List<RealServer> reals = new ArrayList<>();
            for (RealServer r : v.reals()) {
                Mark m = marks.get(key(v.key().id(), realName(v, r)));
                if (m == null) {
                    reals.add(r);
                } else if (m == Mark.DRAIN) {
                    reals.add(new RealServer(r.endpoint(), r.forwarding(), 0, r.request(), r.receive(), r.lowerThreshold(),
                            r.upperThreshold(), r.lineNumber()));
                }
            }
            virtuals.add(new VirtualService(v.ipvs(), v.lineNumber(), reals, v.fallback(), v.check(), v.quiescent(),
                    v.cleanstop(), v.fallbackCommand(), v.emailAlert(), v.monitorFile(), v.serviceName(), v.comment(), v.load()));
        }
        return new DirectorConfig(config.file(), config.digest(), config.globals(), virtuals, config.warnings());
    }

    /** The real as the log and the API name it: {@code IP:PORT}, the virtual's port for a port-less real. */
    public static String realName(VirtualService v, RealServer r) {
        return realEndpoint(v, r).toString();
    }

    /** The real's address and port as the log and the API name it (see {@link #realName}). */
    static org.ldirector.director.ipvs.Endpoint realEndpoint(VirtualService v, RealServer r) {
        if (r.endpoint().port() == 0 && v.key() instanceof org.ldirector.director.ipvs.ServiceKey.Address a) {
            return r.endpoint().withPort(a.endpoint().port());
        }
        return r.endpoint();
    }
}
