package org.ldirector.director.hooks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One hook process to run: exactly these arguments (no shell), these variables added to the daemon's
 * environment, and {@code stdin} written to its standard input (empty: stdin is closed at once).
 *
 * @param directive which directive asked for it ({@code notify}, {@code monalert}, {@code monupalert}), for the log
 * @param about     the event in a few words, for the log
 */
public record HookJob(String directive, String about, List<String> argv, Map<String, String> env, String stdin) {

    public HookJob {
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(about, "about");
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program");
        }
    }

    /** {@code notify /usr/local/bin/x (up tcp:10.1.1.1:80 10.0.0.2:80)}: how log lines name the call. */
    public String describe() {
        return directive + " " + argv.get(0) + " (" + about + ")";
    }
}
