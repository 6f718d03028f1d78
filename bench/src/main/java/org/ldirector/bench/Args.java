package org.ldirector.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --name=value} options, boolean {@code --flag}s and bare words, nothing more. */
final class Args {

    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("--jfr", "--help");

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> words = new ArrayList<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (FLAGS.contains(a)) {
                    options.put(a, "true");
                } else if (eq > 0) {
                    options.put(a.substring(0, eq), a.substring(eq + 1));
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    options.put(a, argv[++i]);
                } else {
                    options.put(a, "true");
                }
            } else {
                words.add(a);
            }
        }
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = options.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", "").replace(",", ""));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    List<String> words() {
        return words;
    }
}
