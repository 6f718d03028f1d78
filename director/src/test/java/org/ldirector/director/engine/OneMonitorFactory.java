package org.ldirector.director.engine;

import java.time.Duration;

import org.ldirector.director.config.Service;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.Monitor;

/** Monitors for tests: every check type answered by {@link #check}; {@code service=none} by none. */
abstract class OneMonitorFactory implements MonitorFactory {

    abstract CheckResult check(CheckTarget target, Duration timeout);

    @Override
    public Monitor negotiate(Service service) {
        return service == Service.NONE ? null : this::check;
    }

    @Override
    public Monitor connect() {
        return this::check;
    }

    @Override
    public Monitor ping(int count) {
        return this::check;
    }

    @Override
    public Monitor external(String command) {
        return this::check;
    }

    @Override
    public Monitor externalPerl(String command) {
        return this::check;
    }
}
