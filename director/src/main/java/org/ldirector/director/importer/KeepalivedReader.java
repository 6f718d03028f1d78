package org.ldirector.director.importer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads keepalived.conf the way keepalived's parser splits it: words separated by blanks, "{" and "}" as words of
 * their own, a {@code !} or {@code #} word starting a comment, double quotes around a word with blanks. A statement is
 * the words of one line; when it ends with "{" (or the next line starts with it) the statements up to the matching
 * "}" are its block. {@code include PATTERN} reads the files the glob matches, relative to the including file, in
 * sorted order, where it stands.
 */
final class KeepalivedReader {

    private static final int MAX_INCLUDE_DEPTH = 8;

    private enum Kind { WORD, OPEN, CLOSE, EOL }

    private record Token(Kind kind, String text, Origin origin) {
    }

    private final Report report;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private KeepalivedReader(Report report) {
        this.report = report;
    }

    static Node read(Path file, Report report) throws SourceException {
        KeepalivedReader r = new KeepalivedReader(report);
        r.tokenize(file, 0);
        List<Node> top = r.block(null);
        return new Node("keepalived.conf", List.of(), top, true, new Origin(file, 0));
    }

    // ---------------------------------------------------------------- words

    private void tokenize(Path file, int depth) throws SourceException {
        List<String> lines = SourceText.lines(file);
        int skipped = 0; // braces a skipped conditional line left open: its block is skipped with it
        for (int i = 0; i < lines.size(); i++) {
            Origin at = new Origin(file, i + 1);
            List<Token> line = words(lines.get(i), at);
            if (skipped > 0 || !line.isEmpty() && line.get(0).text().startsWith("@")) {
                if (skipped == 0) {
                    report.note(at, lines.get(i).strip(), "left out: a line conditional on keepalived's -i config id"
                            + " (with its block, if it opens one)");
                }
                skipped += (int) (line.stream().filter(t -> t.kind() == Kind.OPEN).count()
                        - line.stream().filter(t -> t.kind() == Kind.CLOSE).count());
                skipped = Math.max(0, skipped);
                continue;
            }
            if (!line.isEmpty() && line.get(0).kind() == Kind.WORD && line.get(0).text().equals("include")) {
                if (line.size() != 2 || line.get(1).kind() != Kind.WORD) {
                    throw new SourceException(at, "include needs one file name or glob pattern");
                }
                include(at, file, line.get(1).text(), depth);
                continue;
            }
            tokens.addAll(line);
            tokens.add(new Token(Kind.EOL, "", at));
        }
    }

    private static List<Token> words(String line, Origin at) throws SourceException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '!' || c == '#') {
                break;
            } else if (c == '{' || c == '}') {
                out.add(new Token(c == '{' ? Kind.OPEN : Kind.CLOSE, String.valueOf(c), at));
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new SourceException(at, "unterminated quoted string");
                }
                out.add(new Token(Kind.WORD, line.substring(i + 1, end), at));
                i = end + 1;
            } else {
                int start = i;
                while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && "{}\"".indexOf(line.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, line.substring(start, i), at));
            }
        }
        return out;
    }

    private void include(Origin at, Path including, String pattern, int depth) throws SourceException {
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new SourceException(at, "include nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
        }
        Path base = including.toAbsolutePath().getParent();
        Path target = base.resolve(pattern);
        Path dir = target.getParent();
        String glob = target.getFileName().toString();
        if (hasGlob(dir.toString())) {
            report.note(at, "include " + pattern, "left out: a glob in a directory name is not supported; list the"
                    + " directories one by one");
            return;
        }
        List<Path> matches = new ArrayList<>();
        if (!hasGlob(glob)) {
            if (Files.isRegularFile(target)) {
                matches.add(target);
            }
        } else if (Files.isDirectory(dir)) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (matcher.matches(p.getFileName()) && Files.isRegularFile(p)) {
                        matches.add(p);
                    }
                }
            } catch (IOException e) {
                throw new SourceException(at, "include " + pattern + ": cannot list " + dir + ": " + e.getMessage());
            }
        }
        if (matches.isEmpty()) {
            report.note(at, "include " + pattern, "left out: no file matches " + target);
            return;
        }
        matches.sort(null);
        for (Path p : matches) {
            tokenize(p, depth + 1);
        }
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    // ---------------------------------------------------------------- statements

    /** The statements up to the "}" that closes {@code owner} (null: up to the end of the input). */
    private List<Node> block(Token owner) throws SourceException {
        List<Node> children = new ArrayList<>();
        while (pos < tokens.size()) {
            Token t = tokens.get(pos);
            switch (t.kind()) {
                case EOL -> pos++;
                case CLOSE -> {
                    if (owner == null) {
                        throw new SourceException(t.origin(), "'}' without an open block");
                    }
                    pos++;
                    return children;
                }
                case OPEN -> throw new SourceException(t.origin(), "'{' without a keyword before it");
                case WORD -> children.add(statement());
            }
        }
        if (owner != null) {
            throw new SourceException(owner.origin(), "block '" + owner.text() + "' is never closed");
        }
        return children;
    }

    private Node statement() throws SourceException {
        Token name = tokens.get(pos++);
        List<String> args = new ArrayList<>();
        while (pos < tokens.size() && tokens.get(pos).kind() == Kind.WORD) {
            args.add(tokens.get(pos++).text());
        }
        int next = pos;
        while (next < tokens.size() && tokens.get(next).kind() == Kind.EOL) {
            next++;
        }
        if (next < tokens.size() && tokens.get(next).kind() == Kind.OPEN) {
            pos = next + 1;
            String label = args.isEmpty() ? name.text() : name.text() + " " + String.join(" ", args);
            List<Node> children = block(new Token(Kind.WORD, label, name.origin()));
            return new Node(name.text(), args, children, true, name.origin());
        }
        return new Node(name.text(), args, List.of(), false, name.origin());
    }
}
