package org.ldirector.monitor;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A check's {@code receive} regex ({@link PerlRegex}), compiled: no pattern when the target has
 * none, or the DOWN result an invalid one gives (ldirectord dies on it; we fail only that check).
 *
 * @param pattern the compiled regex, or null when {@code receive} is empty or invalid
 * @param invalid the DOWN result when the regex does not compile, else null
 */
record Receive(Pattern pattern, CheckResult invalid) {

    static Receive of(String receive) {
        if (receive.isEmpty()) {
            return new Receive(null, null);
        }
        try {
            return new Receive(PerlRegex.compile(receive), null);
        } catch (PatternSyntaxException e) {
            return new Receive(null, CheckResult.down("invalid receive regex: " + e.getDescription() + " in " + receive));
        }
    }
}
