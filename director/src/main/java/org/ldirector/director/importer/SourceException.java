package org.ldirector.director.importer;

/** The source cannot be read or has a syntax error: the import stops (exit 2). The message names file:line. */
public final class SourceException extends Exception {

    public SourceException(Origin origin, String message) {
        super(origin + ": " + message);
    }

    public SourceException(String message) {
        super(message);
    }
}
