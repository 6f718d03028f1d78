package org.ldirector.director.config;

import java.util.Objects;

/**
 * A configuration error or warning, formatted exactly as ldirectord's {@code __config_log}:
 * {@code Error [<pid>] reading file <file> at line <n>: <msg>}, or without the
 * {@code reading file ... at line n} part when {@code line <= 0}.
 */
public record ConfigMessage(Severity severity, String file, int line, String message) {

    public enum Severity {
        ERROR("Error"), WARNING("Warning");

        private final String word;

        Severity(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public ConfigMessage {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** The line as ldirectord prints it, without a trailing newline. */
    public String format(long pid) {
        return severity.word() + " [" + pid + "]" + (line > 0 ? " reading file " + file + " at line " + line : "")
                + ": " + message;
    }
}
