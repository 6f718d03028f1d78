package org.ldirector.director.engine;

import java.util.Optional;

/**
 * The operator's mark on one real, set at run time (web page, API, {@code ldirectord drain}).
 * {@code DRAIN}: HAProxy's drain — weight 0 in the kernel, still checked, not counted as serving.
 * {@code MAINTENANCE}: out of the table, like a {@code maintenancedir} file without the file; its
 * checks go on so that {@code ready} knows its health at once.
 */
public enum AdminMark {
    DRAIN("drain"), MAINTENANCE("maintenance");

    private final String word;

    AdminMark(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The mark named {@code word} ({@code drain}, {@code maintenance}); empty for {@code ready} and anything else. */
    public static Optional<AdminMark> ofWord(String word) {
        for (AdminMark m : values()) {
            if (m.word.equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
