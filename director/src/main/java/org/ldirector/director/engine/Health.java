package org.ldirector.director.engine;

/**
 * What the director believes about one real server of one virtual.
 * {@code UNKNOWN}: no check result yet and not adopted as up from the kernel; the kernel entry is
 * left as it is until the first result, which is what keeps start and reload from flapping.
 */
public enum Health {
    UP, DOWN, UNKNOWN;

    public String word() {
        return switch (this) {
            case UP -> "up";
            case DOWN -> "down";
            case UNKNOWN -> "unknown";
        };
    }
}
