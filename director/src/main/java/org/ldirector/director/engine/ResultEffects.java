package org.ldirector.director.engine;

import java.util.List;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.ipvs.Endpoint;

/**
 * What a recorded result makes happen outside the director's lock, in the results' order: its log
 * lines, monitorfile lines, engine events and the observer's count (metrics).
 */
final class ResultEffects {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final MonitorFile monitorFile;
    private final EventStream events;
    private final CheckObserver observer;

    ResultEffects(MonitorFile monitorFile, EventStream events, CheckObserver observer) {
        this.monitorFile = monitorFile;
        this.events = events;
        this.observer = observer;
    }

    /** The effects of {@code r}, the record of {@code d} for {@code users}; a failure is logged, not thrown. */
    void apply(CheckLoop.Delivery d, HealthBook.Recorded r, List<RealKey> users, Set<Endpoint> inMaintenance) {
        try {
            r.debugLines().forEach(LOG::debug);
            r.logLines().forEach(LOG::info);
            for (HealthBook.MonitorLine m : r.monitorLines()) {
                monitorFile.append(m.file(), m.virtual(), m.real(), m.up(), m.message(), m.at());
            }
            events.publishAll(r.events());
            for (RealKey k : users) {
                observer.checked(k, d.result().up() && !inMaintenance.contains(k.real()), d.durationNanos());
            }
        } catch (RuntimeException e) { // NOPMD: one bad delivery must not end the deliveries
            LOG.error("Error handling the result of {}: {}", d.spec().describe(), e.toString());
        }
    }
}
