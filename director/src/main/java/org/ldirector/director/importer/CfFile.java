package org.ldirector.director.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ldirectord.cf being written: global directives, then the sections. */
final class CfFile {

    private final String header;
    private final Map<String, String> globals = new LinkedHashMap<>();
    private final List<CfVirtual> virtuals = new ArrayList<>();

    CfFile(String header) {
        this.header = header;
    }

    CfFile global(String name, Object value) {
        globals.put(name, String.valueOf(value));
        return this;
    }

    void add(CfVirtual v) {
        virtuals.add(v);
    }

    List<CfVirtual> virtuals() {
        return List.copyOf(virtuals);
    }

    String render() {
        StringBuilder b = new StringBuilder();
        header.lines().forEach(l -> b.append("# ").append(l).append('\n'));
        b.append('\n');
        for (Map.Entry<String, String> g : globals.entrySet()) {
            b.append(g.getKey()).append('=').append(g.getValue()).append('\n');
        }
        for (CfVirtual v : virtuals) {
            b.append('\n').append(v.render());
        }
        return b.toString();
    }
}
