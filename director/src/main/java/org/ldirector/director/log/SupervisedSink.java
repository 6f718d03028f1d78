package org.ldirector.director.log;

import java.time.Clock;

/** {@code supervised=yes}: stdout, {@code [<ctime>] <message>}, flushed per line. */
final class SupervisedSink implements LineSink {

    private final Clock clock;

    SupervisedSink(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void line(String message) {
        StdStreams.out("[" + CTime.format(clock.instant(), clock.getZone()) + "] " + message + "\n");
    }
}
