package org.ldirector.director.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ldirectord.cf section being written: the virtual line, its directives (last one set wins) and its reals. */
final class CfVirtual {

    private final String source;
    private final String virtualLine;
    private final Map<String, String> directives = new LinkedHashMap<>();
    private final List<String> reals = new ArrayList<>();
    private boolean disabled;
    private String disabledWhy = "";

    /**
     * @param source      where it came from, written as a comment above the section
     * @param virtualLine {@code virtual=IP:PORT}, {@code virtual6=[IP]:PORT} or {@code virtual=MARK}
     */
    CfVirtual(String source, String virtualLine) {
        this.source = source;
        this.virtualLine = virtualLine;
    }

    CfVirtual set(String name, Object value) {
        directives.put(name, String.valueOf(value));
        return this;
    }

    String get(String name) {
        return directives.get(name);
    }

    void real(String line) {
        reals.add(line);
    }

    /** A real that stays out of the table: written as a comment, so the operator sees it. */
    void commentedReal(String line, String why) {
        reals.add("# " + line + "    # " + why);
    }

    /** The whole section is written commented out. */
    void disable(String why) {
        disabled = true;
        disabledWhy = why;
    }

    boolean disabled() {
        return disabled;
    }

    int realCount() {
        return (int) reals.stream().filter(r -> !r.startsWith("#")).count();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(source).append('\n');
        if (disabled) {
            b.append("# (").append(disabledWhy).append(")\n");
        }
        String prefix = disabled ? "#" : "";
        b.append(prefix).append(virtualLine).append('\n');
        for (String r : reals) {
            b.append(prefix).append("    ").append(r).append('\n');
        }
        for (Map.Entry<String, String> d : directives.entrySet()) {
            b.append(prefix).append("    ").append(d.getKey()).append('=').append(d.getValue()).append('\n');
        }
        return b.toString();
    }
}
