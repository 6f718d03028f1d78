package org.ldirector.director.engine;

/**
 * Told of every check result for every real it applies to, with how long the probe took (for
 * the metrics' failure counters and duration histograms). Called outside the engine's lock on the
 * probe's thread: must not block.
 */
@FunctionalInterface
public interface CheckObserver {

    CheckObserver NONE = (real, up, nanos) -> { };

    void checked(RealKey real, boolean up, long durationNanos);
}
