package org.ldirector.director.importer;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a Piranha or keepalived file: a keyword, its arguments and, for a block ({@code name args { … }}),
 * the statements inside. lvs.cf's {@code key = value} is a node with the value as its one argument.
 */
record Node(String name, List<String> args, List<Node> children, boolean block, Origin origin) {

    Node {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    /** The first argument, or "" when there is none. */
    String value() {
        return args.isEmpty() ? "" : args.get(0);
    }

    /** All arguments joined by one space. */
    String joined() {
        return String.join(" ", args);
    }

    Optional<Node> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    List<Node> all(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The node as written, for report lines: {@code name arg arg}. */
    String text() {
        return args.isEmpty() ? name : name + " " + joined();
    }
}
