package org.ldirector.director.engine;

import java.util.Objects;

import org.ldirector.director.ipvs.IpvsCommand;

/** One IPVS command and the ldirectord log line to write once the kernel shows it applied. */
public record PlannedChange(IpvsCommand command, String message) {

    public PlannedChange {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(message, "message");
    }
}
