package org.ldirector.director.importer;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Piranha's lvs.cf as {@code lvsconfig.c} tokenizes it: {@code key = value} lines, blocks opened by
 * "virtual NAME {", "server NAME {" or "failover NAME {" and closed by a line "}", and {@code #} comments. A value in double
 * or single quotes loses its quotes and keeps its backslash escapes ({@code \r}, {@code \n}) as written.
 */
final class LvsCfReader {

    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern BLOCK = Pattern.compile("^([A-Za-z_]+)\\s+(\\S+)\\s*\\{\\s*$");

    private LvsCfReader() {
    }

    static Node read(Path file, List<String> lines) throws SourceException {
        Deque<List<Node>> open = new ArrayDeque<>();
        Deque<Node> heads = new ArrayDeque<>();
        open.push(new ArrayList<>());
        for (int i = 0; i < lines.size(); i++) {
            Origin at = new Origin(file, i + 1);
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if (line.equals("}")) {
                if (heads.isEmpty()) {
                    throw new SourceException(at, "'}' without an open block");
                }
                Node head = heads.pop();
                List<Node> children = open.pop();
                open.peek().add(new Node(head.name(), head.args(), children, true, head.origin()));
            } else if ((m = BLOCK.matcher(line)).find()) {
                heads.push(new Node(m.group(1), List.of(m.group(2)), List.of(), true, at));
                open.push(new ArrayList<>());
            } else if ((m = ASSIGNMENT.matcher(line)).find()) {
                open.peek().add(new Node(m.group(1), List.of(unquote(at, m.group(2))), List.of(), false, at));
            } else {
                throw new SourceException(at, "expected 'key = value', 'virtual|server|failover NAME {' or '}', not '"
                        + line + "'");
            }
        }
        if (!heads.isEmpty()) {
            throw new SourceException(heads.peek().origin(), "block '" + heads.peek().text() + "' is never closed");
        }
        return new Node("lvs.cf", List.of(), open.pop(), true, new Origin(file, 0));
    }

    /** A {@code #} outside quotes starts a comment. */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(Origin at, String value) throws SourceException {
        if (value.isEmpty() || (value.charAt(0) != '"' && value.charAt(0) != '\'')) {
            return value;
        }
        char q = value.charAt(0);
        if (value.length() < 2 || value.charAt(value.length() - 1) != q) {
            throw new SourceException(at, "unterminated quoted value: " + value);
        }
        return value.substring(1, value.length() - 1);
    }
}
