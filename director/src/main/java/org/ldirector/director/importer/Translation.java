package org.ldirector.director.importer;

import java.util.List;
import java.util.Optional;

/** What a source turns into: ldirectord.cf, the Heartbeat files when there is a pair, and check wrappers. */
record Translation(CfFile cf, Optional<HeartbeatPlan> heartbeat, List<ScriptFile> scripts) {

    Translation {
        scripts = List.copyOf(scripts);
    }
}
