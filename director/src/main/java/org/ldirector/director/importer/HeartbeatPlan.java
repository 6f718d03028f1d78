package org.ldirector.director.importer;

import java.util.List;
import java.util.Optional;

/**
 * The Heartbeat files for a director pair: ha.cf's nodes, media and timings, and haresources' preferred node with its
 * resources ({@code IPaddr2::…}, {@code LVSSyncDaemonSwap::…}, {@code ldirectord::ldirectord.cf}).
 *
 * @param nodes      node names as {@code uname -n} prints them (placeholders unless the operator gave them)
 * @param preferred  the node haresources gives the resources to
 * @param media      ha.cf medium lines ({@code ucast eth0 10.0.0.2}, {@code bcast eth0})
 * @param udpPort    {@code udpport}, when the source set a port
 * @param keepalive  {@code keepalive} in Heartbeat's time syntax
 * @param deadtime   {@code deadtime} in Heartbeat's time syntax
 * @param resources  haresources words after the node name, in start order
 */
record HeartbeatPlan(List<String> nodes, String preferred, List<String> media, Optional<Integer> udpPort,
                     Optional<String> keepalive, Optional<String> deadtime, boolean autoFailback,
                     List<String> resources) {

    HeartbeatPlan {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        resources = List.copyOf(resources);
    }

    String haCf(String source) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by ldirectord import from ").append(source).append('\n');
        b.append("# node: replace the names by what uname -n prints on each director, if they are placeholders\n");
        udpPort.ifPresent(p -> b.append("udpport ").append(p).append('\n'));
        keepalive.ifPresent(k -> b.append("keepalive ").append(k).append('\n'));
        deadtime.ifPresent(d -> b.append("deadtime ").append(d).append('\n'));
        b.append("auto_failback ").append(autoFailback ? "on" : "off").append('\n');
        for (String m : media) {
            b.append(m).append('\n');
        }
        b.append("node ").append(String.join(" ", nodes)).append('\n');
        return b.toString();
    }

    String haResources(String source) {
        return "# Written by ldirectord import from " + source + "\n"
                + preferred + " " + String.join(" ", resources) + "\n";
    }
}
