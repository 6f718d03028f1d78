package org.ldirector.director.config;

/** ldirectord's {@code checktype}: what is done to decide whether a real server is up ({@code _check_real}). */
public enum CheckType {
    CONNECT("connect"),
    NEGOTIATE("negotiate"),
    PING("ping"),
    OFF("off"),
    ON("on"),
    EXTERNAL("external"),
    EXTERNAL_PERL("external-perl"),
    /** {@code checktype=N}: one negotiate check, then N connect checks, repeated. */
    COMBINED("combined");

    private final String configName;

    CheckType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
