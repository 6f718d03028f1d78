package org.ldirector.failover.heartbeat;

import java.nio.file.Path;
import java.util.List;

/** The haresources line: the preferred node (lower-cased) and its resources in start order. */
public record HaResources(Path file, String preferredNode, List<Resource> resources) {

    public HaResources {
        resources = List.copyOf(resources);
    }

    public List<VirtualIp> virtualIps() {
        return resources.stream().filter(VirtualIp.class::isInstance).map(VirtualIp.class::cast).toList();
    }
}
