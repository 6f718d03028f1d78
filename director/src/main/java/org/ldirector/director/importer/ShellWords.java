package org.ldirector.director.importer;

/** Quoting for the wrapper scripts the import writes. */
final class ShellWords {

    private ShellWords() {
    }

    /** One word for /bin/sh, in single quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A regex that matches {@code literal} as written (ldirectord's receive is a Perl regex). */
    static String regexLiteral(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
