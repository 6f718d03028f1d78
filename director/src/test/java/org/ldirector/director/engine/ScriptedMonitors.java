package org.ldirector.director.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ldirector.director.config.Service;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.Monitor;

/**
 * Monitors whose answers the test sets per real-server host: up, down, or hang (a check that
 * never returns on its own, to prove the engine bounds it). Counts probes per host.
 */
final class ScriptedMonitors implements MonitorFactory {

    enum Answer { UP, DOWN, HANG }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();

    void set(String host, Answer a) {
        answers.put(host, a);
    }

    int probes(String host) {
        return probes.computeIfAbsent(host, h -> new AtomicInteger()).get();
    }

    private final Monitor monitor = (target, timeout) -> {
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
    };

    @Override
    public Monitor negotiate(Service service) {
        return service == Service.NONE ? null : monitor;
    }

    @Override
    public Monitor connect() {
        return monitor;
    }

    @Override
    public Monitor ping(int count) {
        return monitor;
    }

    @Override
    public Monitor external(String command) {
        return monitor;
    }

    @Override
    public Monitor externalPerl(String command) {
        return monitor;
    }
}
