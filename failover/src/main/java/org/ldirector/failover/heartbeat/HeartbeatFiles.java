package org.ldirector.failover.heartbeat;

import java.nio.file.Path;

/** Entry point: the Heartbeat files of one directory, as ldirectord.cf's {@code failover = /etc/ha.d/ha.cf} names it. */
public final class HeartbeatFiles {

    private HeartbeatFiles() {
    }

    /** Reads {@code haCf} and the {@code haresources} and {@code authkeys} beside it. */
    public static FailoverConfig read(Path haCf) throws HeartbeatFileException {
        Path dir = haCf.toAbsolutePath().getParent();
        HaCf cf = HaCfReader.read(haCf);
        HaResources resources = HaResourcesReader.read(dir.resolve("haresources"));
        AuthKey key = AuthKeysReader.read(dir.resolve("authkeys"));
        return FailoverConfig.of(cf, resources, key);
    }
}
