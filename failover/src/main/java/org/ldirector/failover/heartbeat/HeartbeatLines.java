package org.ldirector.failover.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The logical lines of haresources and authkeys: {@code #} comments removed, {@code \}-continued lines joined. */
final class HeartbeatLines {

    /** One logical line: the number of its first physical line and its words. */
    record Line(int number, List<String> words) {
    }

    private HeartbeatLines() {
    }

    static List<Line> read(Path file, String what) throws HeartbeatFileException {
        List<String> physical;
        try {
            physical = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HeartbeatFileException(file + ": cannot read the " + what + " file: " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int i = 0; i < physical.size(); i++) {
            String text = physical.get(i);
            int hash = text.indexOf('#');
            if (hash >= 0) {
                text = text.substring(0, hash);
            }
            if (pending.isEmpty()) {
                start = i + 1;
            }
            String stripped = text.stripTrailing();
            boolean continued = stripped.endsWith("\\");
            pending.append(continued ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continued || i == physical.size() - 1) {
                String logical = pending.toString().strip();
                if (!logical.isEmpty()) {
                    lines.add(new Line(start, List.of(logical.split("\\s+"))));
                }
                pending.setLength(0);
            }
        }
        return lines;
    }
}
