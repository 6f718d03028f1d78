package org.ldirector.director.config;

import java.util.List;

/** A configuration error: the file cannot be used. Carries ldirectord's exact message. */
public class ConfigException extends Exception {

    private final ConfigMessage error;
    private final List<ConfigMessage> warnings;

    public ConfigException(String file, int line, String message) {
        this(file, line, message, List.of());
    }

    /**
     * @param warnings the warnings ldirectord would already have printed before stopping at this error, in order
     */
    public ConfigException(String file, int line, String message, List<ConfigMessage> warnings) {
        super(message);
        this.error = new ConfigMessage(ConfigMessage.Severity.ERROR, file, line, message);
        this.warnings = List.copyOf(warnings);
    }

    public ConfigMessage error() {
        return error;
    }

    /** The line the error is reported at (0 when ldirectord prints no line). */
    public int line() {
        return error.line();
    }

    /** Warnings issued before the error (ldirectord prints them as it goes, so they come out first). */
    public List<ConfigMessage> warnings() {
        return warnings;
    }

    /** {@code Error [<pid>] reading file F at line N: msg}. */
    public String format(long pid) {
        return error.format(pid);
    }
}
