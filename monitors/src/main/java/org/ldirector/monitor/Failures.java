package org.ldirector.monitor;

/** One-line reasons for DOWN results, from exceptions thrown by sockets and libraries. */
final class Failures {

    private Failures() {
    }

    /**
     * The most specific message in the cause chain ({@code Connection refused} rather than the
     * library's wrapper text), made printable: control characters become {@code ?}, so a peer that
     * sent binary cannot break the monitorfile line.
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.PortUnreachableException && root.getMessage() == null) {
            return "Port unreachable";
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        return printable(message);
    }

    /** Control characters (CR, LF, NUL, ...) → {@code ?}; keeps the rest. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.toString();
    }

    /** {@code text} with every occurrence of each non-empty secret replaced by {@code ********}. */
    static String scrub(String text, String... secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "********");
            }
        }
        return out;
    }
}
