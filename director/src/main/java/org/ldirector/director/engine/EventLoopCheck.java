package org.ldirector.director.engine;

import java.time.Duration;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.CheckType;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.AsyncMonitor;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.RecurringCheck;
import org.ldirector.monitor.Transport;

/**
 * The probes of one {@link CheckSpec} scheduled on a monitor's event loop ({@link RecurringCheck}):
 * no virtual thread, no future per probe, admission by the loop's cap on open connections instead
 * of {@link InFlightLimit}. For {@code checktype=negotiate} and {@code connect} (TCP) with an
 * {@link AsyncMonitor} that takes the target; everything else runs in a {@link CheckLoop}. The
 * results go through a {@link ResultQueue} to the same sink, with their durations and lateness.
 */
final class EventLoopCheck implements ProbeSchedule {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final RecurringCheck check;
    private final Duration firstDelay;

    private EventLoopCheck(RecurringCheck check, Duration firstDelay) {
        this.check = check;
        this.firstDelay = firstDelay;
    }

    /** The event-loop schedule for {@code spec}, or null when its probes need a {@link CheckLoop}. */
    static EventLoopCheck of(CheckSpec spec, MonitorFactory monitors, Duration interval, Duration firstDelay,
                             ResultQueue results) {
        Monitor monitor;
        Duration timeout;
        if (spec.type() == CheckType.NEGOTIATE) {
            monitor = monitors.negotiate(spec.service());
            timeout = spec.negotiateTimeout();
        } else if (spec.type() == CheckType.CONNECT && spec.target().transport() == Transport.TCP) {
            monitor = monitors.connect();
            timeout = spec.checkTimeout();
        } else {
            return null;
        }
        if (!(monitor instanceof AsyncMonitor async)) {
            return null;
        }
        RecurringCheck check = async.recurring(spec.target(), timeout, interval, new RecurringCheck.Listener() {
            @Override
            public void finished(CheckResult result, long startedNanos, long durationNanos, long latenessNanos) {
                results.add(spec, result, durationNanos, latenessNanos);
            }

            @Override
            public void retrying() {
                LOG.debug("First check of {} timed out; trying once more", spec.describe());
            }
        });
        return check == null ? null : new EventLoopCheck(check, firstDelay);
    }

    @Override
    public void start() {
        check.start(firstDelay);
    }

    @Override
    public void setInterval(Duration interval) {
        check.setInterval(interval);
    }

    @Override
    public void poke() {
        check.poke();
    }

    @Override
    public void stop() {
        check.stop();
    }
}
