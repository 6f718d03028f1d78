package org.ldirector.director.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program with its fixed arguments, as written after {@code notify=}, {@code monalert=} or {@code monupalert=}
 * (our extension). It is run without a shell: the text is split on blanks, and a {@code '...'} or {@code "..."}
 * part keeps its blanks (quotes are removed, nothing inside them is special; there are no backslash escapes).
 *
 * @param text the directive's value as written (stripped), for configtest
 * @param argv the program and its arguments, at least one element
 */
public record HookCommand(String text, List<String> argv) {

    public HookCommand {
        Objects.requireNonNull(text, "text");
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("no program given");
        }
    }

    /** Splits {@code text}; a quote left open or an empty value is an {@link IllegalArgumentException}. */
    public static HookCommand parse(String text) {
        String t = text.strip();
        List<String> argv = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    argv.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " quote");
        }
        if (inWord) {
            argv.add(word.toString());
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program given");
        }
        return new HookCommand(t, argv);
    }

    /** The program (first word). */
    public String program() {
        return argv.get(0);
    }
}
