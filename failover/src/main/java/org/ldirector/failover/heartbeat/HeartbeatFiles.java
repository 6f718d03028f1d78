package org.ldirector.failover.heartbeat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Entry point: the Heartbeat files of one directory, as ldirectord.cf's {@code failover = /etc/ha.d/ha.cf} names it. */
public final class HeartbeatFiles {

    private HeartbeatFiles() {
    }

    /** Reads {@code haCf} and the {@code haresources}, {@code authkeys} and {@code authkeys.salt} beside it. */
    public static FailoverConfig read(Path haCf) throws HeartbeatFileException {
        Path dir = haCf.toAbsolutePath().getParent();
        HaCf cf = HaCfReader.read(haCf);
        HaResources resources = HaResourcesReader.read(dir.resolve("haresources"));
        AuthKey key = AuthKeysReader.read(dir.resolve("authkeys"));
        Path saltFile = dir.resolve("authkeys.salt");
        Optional<String> salt = SaltReader.read(saltFile);
        FailoverConfig config = FailoverConfig.of(cf, resources, salt.isPresent() ? key.withSalt(salt.get()) : key);
        if (salt.isPresent()) {
            return config;
        }
        List<String> warnings = new ArrayList<>(config.warnings());
        warnings.add(saltFile + ": no per-installation salt: the cluster key is derived from authkeys with the"
                + " built-in salt; create one (head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > " + saltFile
                + ") and copy it with authkeys to every director");
        return new FailoverConfig(config.haCf(), config.haResources(), config.authKey(), warnings);
    }
}
