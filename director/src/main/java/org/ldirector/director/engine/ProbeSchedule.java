package org.ldirector.director.engine;

import java.time.Duration;

/**
 * The probes of one {@link CheckSpec} at a fixed rate: a {@link CheckLoop} (a virtual thread, for
 * the blocking monitors) or an {@link EventLoopCheck} (scheduled on a monitor's event loop).
 */
interface ProbeSchedule {

    void start();

    void setInterval(Duration interval);

    /** Runs the next probe now (or right after the running one). */
    void poke();

    /** No more probes, no more results. */
    void stop();
}
