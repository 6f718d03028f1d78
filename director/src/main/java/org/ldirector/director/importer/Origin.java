package org.ldirector.director.importer;

import java.nio.file.Path;

/** Where a construct of the source came from: {@code file:line}. */
public record Origin(Path file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
