package org.ldirector.director.engine;

import java.util.Optional;

/**
 * What a real is, as the log, {@code list}, the metrics and the page show it: its health as the
 * checks say, unless the operator's mark overrides it. A drained real that fails its checks is
 * {@code DOWN}: drain only matters while it would serve.
 */
public enum RealState {
    UP("up"), DOWN("down"), UNKNOWN("unknown"), DRAINED("drained"), MAINTENANCE("maintenance");

    private final String word;

    RealState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    static RealState of(Health health, Optional<AdminMark> mark) {
        if (mark.isPresent() && mark.get() == AdminMark.MAINTENANCE) {
            return MAINTENANCE;
        }
        return switch (health) {
            case UP -> mark.isPresent() ? DRAINED : UP;
            case DOWN -> DOWN;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** Whether it takes new connections. */
    public boolean serving() {
        return this == UP;
    }
}
