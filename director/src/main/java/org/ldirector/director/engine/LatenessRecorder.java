package org.ldirector.director.engine;

/** Receives how late each scheduled probe started, in nanoseconds (for metrics and benchmarks). */
@FunctionalInterface
public interface LatenessRecorder {

    LatenessRecorder NONE = nanos -> { };

    void record(long nanos);
}
