package org.ldirector.director.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission control for probes: at most {@code permits} probes may be starting or working at once,
 * so that an overloaded machine makes checks start late instead of making them time out (which
 * ldirectord's failure counting would turn into real servers taken out of the table). A probe gives
 * its permit back when it ends or once it has waited {@link Probe#EARLY_RELEASE} on its peer: a
 * probe that waits on a hung backend uses no CPU and must not keep healthy checks from starting.
 */
final class InFlightLimit {

    /** System property overriding {@link #DEFAULT_PERMITS}. */
    static final String PROPERTY = "ldirector.maxProbesInFlight";
    static final int DEFAULT_PERMITS = 256;

    static final InFlightLimit UNLIMITED = new InFlightLimit(Integer.MAX_VALUE);

    private final Semaphore semaphore;

    InFlightLimit(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        this.semaphore = new Semaphore(permits);
    }

    /** The limit from {@value #PROPERTY}, else {@value #DEFAULT_PERMITS}. */
    static InFlightLimit fromSystemProperty() {
        return new InFlightLimit(Integer.getInteger(PROPERTY, DEFAULT_PERMITS));
    }

    /** Waits for a permit. */
    Permit acquire() throws InterruptedException {
        semaphore.acquire();
        return new Permit(semaphore);
    }

    /** One probe's right to run; {@link #release()} may be called any number of times. */
    static final class Permit {
        static final Permit NONE = new Permit(null);

        private final Semaphore semaphore;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        void release() {
            if (semaphore != null && released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }
    }
}
