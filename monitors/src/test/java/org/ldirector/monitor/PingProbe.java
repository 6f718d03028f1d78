package org.ldirector.monitor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@link PingCheck} and prints {@code UP|DOWN <tab> elapsed ms <tab> message <tab>
 * interrupted}. {@link PingCheckTest} starts it in a private network namespace where the kernel
 * ignores echo requests, the only way to get a silent address without sending a packet off this
 * machine.
 *
 * <p>Arguments: host, checkcount, timeout in ms, and optionally: interrupt the check after N ms.
 */
public final class PingProbe {

    private PingProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args[0];
        int checkCount = Integer.parseInt(args[1]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        long interruptAfter = args.length > 3 ? Long.parseLong(args[3]) : -1;
        PingCheck check = new PingCheck(checkCount);
        AtomicReference<CheckResult> result = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        long[] elapsed = new long[1];
        Thread checker = Thread.ofVirtual().unstarted(() -> {
            long start = System.nanoTime();
            result.set(check.check(CheckTarget.of(host, 0), timeout));
            elapsed[0] = (System.nanoTime() - start) / 1_000_000;
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        checker.start();
        if (interruptAfter >= 0) {
            Thread.sleep(interruptAfter);
            checker.interrupt();
        }
        checker.join();
        System.out.println((result.get().up() ? "UP" : "DOWN") + "\t" + elapsed[0] + "\t" + result.get().message()
                + "\t" + interrupted.get());
    }
}
