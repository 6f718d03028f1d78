package org.ldirector.failover.heartbeat;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster configuration from the Heartbeat files: ha.cf, haresources and authkeys.
 *
 * @param warnings every warning of the three files, {@code file:line: text}; the caller logs them
 */
public record FailoverConfig(HaCf haCf, HaResources haResources, AuthKey authKey, List<String> warnings) {

    public FailoverConfig {
        warnings = List.copyOf(warnings);
    }

    /** Combines the three files and checks what ties them together. */
    public static FailoverConfig of(HaCf haCf, HaResources haResources, AuthKey authKey) throws HeartbeatFileException {
        if (!haCf.nodes().contains(haResources.preferredNode())) {
            throw new HeartbeatFileException(haResources.file() + ": the preferred node " + haResources.preferredNode()
                    + " is not a node in " + haCf.file() + " (nodes: " + String.join(", ", haCf.nodes()) + ")");
        }
        List<String> warnings = new ArrayList<>(haCf.warnings());
        return new FailoverConfig(haCf, haResources, authKey, warnings);
    }

    public List<VirtualIp> virtualIps() {
        return haResources.virtualIps();
    }
}
