package org.ldirector.director.engine;

import org.ldirector.director.config.DirectorConfig;

/**
 * The running director as the command line sees it: start with a config, reload to a new one,
 * stop. Implemented by {@link Director}.
 */
public interface Engine {

    /**
     * Adopts the current IPVS table for {@code config} (no add-then-remove flapping), starts the
     * checks and returns once the first round of checks has been applied.
     */
    void start(DirectorConfig config);

    /** Applies only the difference to {@code config}; the health of unchanged reals is kept. */
    void reload(DirectorConfig config);

    /** Stops the checks and, for virtuals with cleanstop, removes their services. Returns when done. */
    void stop();

    /** The IPVS table in {@code ipvsadm -Ln} layout with each real's health, last check result and failure count. */
    String list();
}
