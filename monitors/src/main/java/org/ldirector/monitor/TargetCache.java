package org.ldirector.monitor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What an event-loop check prepares once per target (socket address, request bytes, compiled
 * regex), so a probe allocates almost nothing. Bounded: emptied when it holds
 * {@value #MAX_ENTRIES} targets (a config reload that changed every target, many times over).
 */
final class TargetCache<V> {

    static final int MAX_ENTRIES = 1 << 16;

    private final ConcurrentHashMap<CheckTarget, V> entries = new ConcurrentHashMap<>();
    private final Function<CheckTarget, V> prepare;

    TargetCache(Function<CheckTarget, V> prepare) {
        this.prepare = prepare;
    }

    V get(CheckTarget target) {
        V v = entries.get(target);
        if (v == null) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            v = entries.computeIfAbsent(target, prepare);
        }
        return v;
    }
}
