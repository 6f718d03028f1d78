package org.ldirector.director.web;

import java.io.IOException;

/**
 * Where the web interface reads the director's state from. The engine's typed snapshot and event
 * stream were not on its branch when the web interface was written; {@link DirectorStatusSource}
 * adapts today's engine, and a later engine snapshot replaces that adapter, not the web code.
 */
public interface StatusSource {

    /** The current state; cheap enough to call for every request (implementations cache). */
    StatusSnapshot snapshot();

    /** The kernel's connection table in {@code ipvsadm -L -n -c} layout. */
    String connectionTable() throws IOException;
}
