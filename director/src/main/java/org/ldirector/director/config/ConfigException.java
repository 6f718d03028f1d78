package org.ldirector.director.config;

/** A configuration error: the file cannot be used. Carries ldirectord's exact message. */
public class ConfigException extends Exception {

    private final ConfigMessage error;

    public ConfigException(String file, int line, String message) {
        super(message);
        this.error = new ConfigMessage(ConfigMessage.Severity.ERROR, file, line, message);
    }

    public ConfigMessage error() {
        return error;
    }

    /** {@code Error [<pid>] reading file F at line N: msg}. */
    public String format(long pid) {
        return error.format(pid);
    }
}
