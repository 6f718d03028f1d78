package org.ldirector.director.engine;

import java.util.Objects;

import org.ldirector.director.alert.TableEvent;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * One IPVS command, the ldirectord log line to write once the kernel shows it applied, and what
 * kind of change it is (for e-mail alerts): {@code server} is the {@code rip:rport} it concerns,
 * empty for virtual-level changes.
 */
public record PlannedChange(IpvsCommand command, String message, TableEvent.Kind kind, String server) {

    public PlannedChange {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(server, "server");
    }

    /** The virtual service the command changes. */
    public ServiceKey virtual() {
        return switch (command) {
            case IpvsCommand.AddService c -> c.service().key();
            case IpvsCommand.EditService c -> c.service().key();
            case IpvsCommand.DeleteService c -> c.key();
            case IpvsCommand.AddDestination c -> c.key();
            case IpvsCommand.EditDestination c -> c.key();
            case IpvsCommand.DeleteDestination c -> c.key();
        };
    }
}
