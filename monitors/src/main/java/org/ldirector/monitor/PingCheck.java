package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * {@code checktype=ping} (ldirectord's {@code _check_real}, and {@code connect} on UDP services): ICMP echo, up to
 * {@code checkcount} attempts of {@code timeout} each; the first reply → UP. So a silent real costs
 * {@code checkcount × timeout}, exactly as in ldirectord.
 *
 * <p>The echo is {@link InetAddress#isReachable(int)}, which sends real ICMP (one echo request per
 * second of the timeout, IPv4 and IPv6) only when the process may open raw sockets. Without
 * {@code CAP_NET_RAW} the JDK silently probes TCP port 7 instead, where a refused connection
 * counts as "reachable": a wrong answer. So this check looks at the process's effective
 * capabilities first and, without {@code CAP_NET_RAW}, reports every real DOWN with a message
 * that says why (run as root, as ldirectord's Net::Ping "icmp" needed too, or grant the capability,
 * e.g. systemd {@code AmbientCapabilities=CAP_NET_RAW}). {@link #rawIcmpAvailable()} lets the
 * director warn once at start-up.
 *
 * <p>{@code isReachable} is a blocking native call that would pin a virtual thread's carrier, and
 * it ignores interrupts; it therefore runs on a small pool of platform threads while the caller
 * waits (interruptibly) for its answer.
 */
public final class PingCheck implements Monitor {

    /** The DOWN message when this process cannot send ICMP. */
    public static final String NO_RAW_ICMP_MESSAGE = "ping check needs CAP_NET_RAW (run as root or grant "
            + "the capability): without it the JDK would probe TCP port 7 instead of sending ICMP echo";

    private static final int CAP_NET_RAW = 13;
    private static final int MAX_ECHO_THREADS = 256;
    private static final long LATE_MARGIN_MILLIS = 50;

    private static final ThreadPoolExecutor ECHO_THREADS = echoThreads();
    private static volatile Boolean rawIcmp;

    private final int checkCount;
    private final BooleanSupplier rawIcmpAllowed;

    /** @param checkCount ldirectord's {@code checkcount}: echo attempts before the real counts as DOWN */
    public PingCheck(int checkCount) {
        this(checkCount, PingCheck::rawIcmpAvailable);
    }

    /** For tests: decide whether raw ICMP is allowed instead of asking the kernel. */
    PingCheck(int checkCount, BooleanSupplier rawIcmpAllowed) {
        if (checkCount < 1) {
            throw new IllegalArgumentException("checkcount must be at least 1: " + checkCount);
        }
        this.checkCount = checkCount;
        this.rawIcmpAllowed = rawIcmpAllowed;
    }

    public int checkCount() {
        return checkCount;
    }

    /** Whether this process holds {@code CAP_NET_RAW} (read once from {@code /proc/self/status}). */
    public static boolean rawIcmpAvailable() {
        Boolean known = rawIcmp;
        if (known == null) {
            known = readCapNetRaw();
            rawIcmp = known;
        }
        return known;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (!rawIcmpAllowed.getAsBoolean()) {
            return CheckResult.down(NO_RAW_ICMP_MESSAGE);
        }
        if (Thread.currentThread().isInterrupted()) {
            return CheckResult.down("interrupted");
        }
        InetAddress address;
        try {
            address = HostLookup.resolve(target.host(), deadline);
        } catch (UnknownHostException e) {
            return CheckResult.down(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        }
        int millis = (int) Math.min(Integer.MAX_VALUE - LATE_MARGIN_MILLIS, Math.max(1, timeout.toMillis()));
        String failure = null;
        for (int attempt = 0; attempt < checkCount; attempt++) {
            Future<Boolean> echo;
            try {
                echo = ECHO_THREADS.submit(() -> address.isReachable(millis));
            } catch (RuntimeException e) {
                return CheckResult.down("ICMP echo failed: " + e);
            }
            try {
                if (echo.get(millis + LATE_MARGIN_MILLIS, TimeUnit.MILLISECONDS)) {
                    return CheckResult.up("-");
                }
            } catch (InterruptedException e) {
                echo.cancel(true);
                Thread.currentThread().interrupt();
                return CheckResult.down("interrupted");
            } catch (TimeoutException e) {
                // Not even started (all echo threads busy) or late: no answer within this attempt.
                echo.cancel(true);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            }
        }
        String attempts = checkCount + (checkCount == 1 ? " attempt" : " attempts") + " of " + Deadline.format(timeout);
        return CheckResult.down(failure == null
                ? "no ICMP echo reply (" + attempts + ")"
                : "ICMP echo failed: " + failure + " (" + attempts + ")");
    }

    private static boolean readCapNetRaw() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (effective & (1L << CAP_NET_RAW)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or /proc is hidden: assume the worst and say so in every result
        }
        return false;
    }

    private static ThreadPoolExecutor echoThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_ECHO_THREADS, MAX_ECHO_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("ldirector-icmp-echo-", 0).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
