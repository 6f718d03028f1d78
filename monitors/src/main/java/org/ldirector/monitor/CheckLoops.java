package org.ldirector.monitor;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM's {@link ExchangeLoop}s, started on first use as daemon threads and handed out round
 * robin: {@value #LOOPS_PROPERTY} on the JDK's selector for everything, and as many on libc's epoll
 * for the recurring checks of IPv4 reals when {@value #NATIVE_PROPERTY} is true.
 */
final class CheckLoops {

    /**
     * System property: how many loops (default 1). One loop checks 10,000 reals a second on a
     * fifth of a core; a second one cost 20 % more CPU per check (fewer events per epoll_wait,
     * more wake-ups) for no gain in lateness (docs/benchmarks.md).
     */
    static final String LOOPS_PROPERTY = "ldirector.checkLoops";
    /**
     * System property: recurring probes to IPv4 reals go through libc's epoll ({@link EpollTransport})
     * on loops of their own instead of the JDK's selector (default false). Without JNA or libc they
     * stay on the selector, silently.
     */
    static final String NATIVE_PROPERTY = "ldirector.nativeLoop";

    private static final int LOOPS = Math.max(1, Integer.getInteger(LOOPS_PROPERTY, 1));
    private static final boolean NATIVE = Boolean.getBoolean(NATIVE_PROPERTY);
    private static final ExchangeLoop[] SHARED = new ExchangeLoop[LOOPS];
    private static final ExchangeLoop[] SHARED_NATIVE = new ExchangeLoop[LOOPS];
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final AtomicInteger NEXT_NATIVE = new AtomicInteger();
    private static volatile boolean nativeUnavailable;

    private CheckLoops() {
    }

    /** One of the loops on the JDK's selector (one-off checks, and recurring ones that cannot go native). */
    static ExchangeLoop shared() {
        int i = Math.floorMod(NEXT.getAndIncrement(), LOOPS);
        synchronized (SHARED) {
            if (SHARED[i] == null) {
                SHARED[i] = new ExchangeLoop("check-io-" + i);
            }
            return SHARED[i];
        }
    }

    /**
     * The loop for the recurring checks of {@code address}: a native one
     * ({@value #NATIVE_PROPERTY}) for an IPv4 address if it may and can, else {@link #shared()}.
     */
    static ExchangeLoop forRecurring(InetSocketAddress address) {
        if (NATIVE && !nativeUnavailable && address.getAddress() instanceof Inet4Address) {
            int i = Math.floorMod(NEXT_NATIVE.getAndIncrement(), LOOPS);
            synchronized (SHARED_NATIVE) {
                if (SHARED_NATIVE[i] == null && !nativeUnavailable) {
                    SHARED_NATIVE[i] = ExchangeLoop.nativeLoop("check-io-native-" + i);
                    nativeUnavailable = SHARED_NATIVE[i] == null;
                }
                if (SHARED_NATIVE[i] != null) {
                    return SHARED_NATIVE[i];
                }
            }
        }
        return shared();
    }
}
