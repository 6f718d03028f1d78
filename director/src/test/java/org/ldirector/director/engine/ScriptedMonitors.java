package org.ldirector.director.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;

/**
 * Monitors whose answers the test sets per real-server host: up, down, or hang (a check that
 * never returns on its own, to prove the engine bounds it). Counts probes per host.
 */
final class ScriptedMonitors extends OneMonitorFactory {

    enum Answer { UP, DOWN, HANG }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();

    void set(String host, Answer a) {
        answers.put(host, a);
    }

    int probes(String host) {
        return probes.computeIfAbsent(host, h -> new AtomicInteger()).get();
    }

    @Override
    CheckResult check(CheckTarget target, Duration timeout) {
        probes.computeIfAbsent(target.host(), h -> new AtomicInteger()).incrementAndGet();
        Answer a = answers.getOrDefault(target.host(), Answer.DOWN);
        return switch (a) {
            case UP -> CheckResult.up("200 OK");
            case DOWN -> CheckResult.down("500 Can't connect to " + target.host() + ":" + target.port() + " (Connection refused)");
            case HANG -> {
                // Ignores its timeout and interrupts, like a badly written check would.
                long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < end) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ignored) {
                        // keep hanging
                    }
                }
                yield CheckResult.up("late");
            }
        };
    }
}
