package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ldirector.director.engine.AdminMark;

/**
 * The operator's drain and maintenance marks, kept in a small state file next to the pid file so
 * they survive a reload and a restart; the engine holds them while it runs. One line per mark:
 * {@code drain tcp:10.1.1.1:80 127.0.0.1:8080} (the virtual and the real as the log names them).
 */
final class MarkFile {

    private final Path file;
    private final Map<String, AdminMark> marks = new TreeMap<>();

    private MarkFile(Path file) {
        this.file = file;
    }

    /** Reads {@code file}; a missing file has no marks, lines that are not marks are skipped. */
    static MarkFile load(Path file) throws IOException {
        MarkFile s = new MarkFile(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return s;
        }
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                AdminMark.ofWord(f[0]).ifPresent(m -> s.marks.put(key(f[1], f[2]), m));
            }
        }
        return s;
    }

    /** No marks, and nothing written until the first {@link #set} (for a file that could not be read). */
    static MarkFile empty(Path file) {
        return new MarkFile(file);
    }

    Path path() {
        return file;
    }

    private static String key(String virtual, String real) {
        return virtual + " " + real;
    }

    synchronized Optional<AdminMark> mark(String virtual, String real) {
        return Optional.ofNullable(marks.get(key(virtual, real)));
    }

    /** Sets ({@code mark} present) or clears the mark and writes the file atomically; throws if it cannot be written. */
    synchronized void set(String virtual, String real, Optional<AdminMark> mark) throws IOException {
        Map<String, AdminMark> next = new TreeMap<>(marks);
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
}
