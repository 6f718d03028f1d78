package org.ldirector.director.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the import could not carry over, each with the source's file:line and why. An approximation (carried over
 * with a different meaning) is reported as well: the operator has to look at both.
 */
public final class Report {

    /** One report line. */
    public record Entry(Origin origin, String construct, String why) {

        @Override
        public String toString() {
            return origin + ": " + construct + ": " + why;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void leftOut(Node node, String why) {
        entries.add(new Entry(node.origin(), node.text(), "left out: " + why));
    }

    void approximated(Node node, String how) {
        entries.add(new Entry(node.origin(), node.text(), "approximated: " + how));
    }

    void note(Origin origin, String construct, String what) {
        entries.add(new Entry(origin, construct, what));
    }

    /** In file order: by file (as first seen), then line. */
    public List<Entry> entries() {
        List<java.nio.file.Path> files = entries.stream().map(e -> e.origin().file()).distinct().toList();
        return entries.stream().sorted(java.util.Comparator.comparingInt((Entry e) -> files.indexOf(e.origin().file()))
                .thenComparingInt(e -> e.origin().line())).toList();
    }

    public boolean complete() {
        return entries.isEmpty();
    }
}
