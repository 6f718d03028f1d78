package org.ldirector.monitor;

import java.util.List;

/** No options: connect, ping, smtp/submission, nntp and {@code service=none}. */
public record NoOptions() implements CheckOptions {

    public static final OptionFamily<NoOptions> FAMILY = new OptionFamily<>(List.of(), v -> new NoOptions());
}
