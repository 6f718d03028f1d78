package org.ldirector.director.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Values that must never appear in a log line ({@code passwd=}, {@code secret=} and the like). Every line that
 * {@link LogSetup} writes, whatever the destination, has each registered value replaced by {@link #MASK}.
 *
 * <p>Values are only ever added: a value dropped from the config on reload stays masked, since older state
 * (an error message, a check description) may still carry it.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "********";

    private static final Object WRITE_LOCK = new Object();

    // Longest first, so that a secret containing another is masked as a whole. Copy-on-write: read on every line.
    private static volatile List<String> values = List.of();

    private Secrets() {
    }

    /** Masks {@code value} in every later log line. {@code null} and the empty string are ignored. */
    public static void register(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        synchronized (WRITE_LOCK) {
            if (values.contains(value)) {
                return;
            }
            List<String> next = new ArrayList<>(values);
            next.add(value);
            next.sort(Comparator.comparingInt(String::length).reversed());
            values = List.copyOf(next);
        }
    }

    /** {@link #register(String)} for each value. */
    public static void registerAll(Collection<String> secrets) {
        secrets.forEach(Secrets::register);
    }

    /** {@code text} with every occurrence of a registered value replaced by {@link #MASK}. */
    public static String mask(String text) {
        List<String> secrets = values;
        if (secrets.isEmpty() || text.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < text.length()) {
            String hit = longestAt(secrets, text, i);
            if (hit == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + MASK.length());
            }
            out.append(text, copied, i).append(MASK);
            i += hit.length();
            copied = i;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static String longestAt(List<String> secrets, String text, int at) {
        for (String secret : secrets) {
            if (text.startsWith(secret, at)) {
                return secret;
            }
        }
        return null;
    }

    /** Forgets every value; for tests only. */
    static void clear() {
        synchronized (WRITE_LOCK) {
            values = List.of();
        }
    }
}
