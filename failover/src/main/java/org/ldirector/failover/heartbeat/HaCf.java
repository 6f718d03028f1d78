package org.ldirector.failover.heartbeat;

import java.nio.file.Path;
import java.util.List;

/**
 * What ldirector uses from ha.cf.
 *
 * @param nodes       the {@code node} names, lower-cased (Heartbeat compares them without case), in file order
 * @param media       the heartbeat media in file order
 * @param udpPort     {@code udpport} (default 694): the port of the cluster transport
 * @param autoFailback {@code auto_failback}: the preferred node takes the resources back when it returns
 * @param pingNodes   {@code ping} and {@code ping_group} hosts; the node counts as connected while any answers
 * @param warnings    {@code file:line: text} for every directive that was ignored or looks wrong
 */
public record HaCf(Path file, List<String> nodes, List<Medium> media, int udpPort, Timings timings,
        boolean autoFailback, List<String> pingNodes, List<String> warnings) {

    public HaCf {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        pingNodes = List.copyOf(pingNodes);
        warnings = List.copyOf(warnings);
    }
}
