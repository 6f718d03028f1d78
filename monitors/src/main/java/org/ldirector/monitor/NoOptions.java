package org.ldirector.monitor;

/** No options: connect, ping, smtp/submission, nntp and {@code service=none}. */
public record NoOptions() implements CheckOptions {
}
