package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code checktype=connect} as {@link ConnectCheck}, on an {@link ExchangeLoop}: the same connect
 * and close, the same results and messages, without a thread per check. Targets that are not an IP
 * literal with a port go to the blocking {@link ConnectCheck} (it resolves names within the
 * deadline and gives the same messages for a missing port).
 */
public final class NonBlockingConnectCheck implements AsyncMonitor {

    private final ConnectCheck blocking = new ConnectCheck();
    /** The socket address of each literal target (null value: not for this path). */
    private final TargetCache<Prepared> prepared = new TargetCache<>(NonBlockingConnectCheck::of);

    private record Prepared(InetSocketAddress address) {
    }

    @Override
    public CompletableFuture<CheckResult> start(CheckTarget target, Duration timeout) {
        Prepared p = prepared.get(target);
        if (p.address() == null) {
            return Handoff.blocking(blocking, target, timeout);
        }
        OneOff result = new OneOff();
        ConnectExchange x = new ConnectExchange(result, p.address(), timeout, System.nanoTime() + timeout.toNanos());
        result.of(x);
        CheckLoops.shared().start(x);
        return result;
    }

    /** Checks of {@code target} scheduled on an event loop; null for a target {@link ConnectCheck} checks. */
    @Override
    public RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                                    RecurringCheck.Listener listener) {
        return recurring(target, timeout, interval, listener, null);
    }

    /** As {@link #recurring(CheckTarget, Duration, Duration, RecurringCheck.Listener)}, on {@code loop} (null: the usual one). */
    RecurringCheck recurring(CheckTarget target, Duration timeout, Duration interval,
                             RecurringCheck.Listener listener, ExchangeLoop loop) {
        InetSocketAddress address = of(target).address();
        if (address == null) {
            return null;
        }
        return new RecurringCheck(loop != null ? loop : CheckLoops.forRecurring(address), timeout, interval, listener,
                (outcome, deadline) -> new ConnectExchange(outcome, address, timeout, deadline));
    }

    private static Prepared of(CheckTarget target) {
        if (target.port() == 0) {
            return new Prepared(null);
        }
        try {
            InetAddress literal = HostLookup.parseLiteral(target.host());
            return new Prepared(literal == null ? null : new InetSocketAddress(literal, target.port()));
        } catch (UnknownHostException e) {
            return new Prepared(null); // the blocking check says why
        }
    }

    /** Connect, then done: UP with {@code -}, as {@link ConnectCheck}. */
    private static final class ConnectExchange extends Exchange {
        private final Duration timeout;

        ConnectExchange(Exchange.Outcome outcome, InetSocketAddress address, Duration timeout, long deadlineNanos) {
            super(outcome, address, (ByteBuffer) null, deadlineNanos);
            this.timeout = timeout;
        }

        @Override
        CheckResult connected() {
            return CheckResult.up("-");
        }

        @Override
        CheckResult received(ByteBuffer data) {
            return CheckResult.up("-");
        }

        @Override
        CheckResult ended() {
            return CheckResult.up("-");
        }

        @Override
        CheckResult failed(IOException e, boolean connecting) {
            return CheckResult.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }

        @Override
        CheckResult timedOut(boolean connecting) {
            return CheckResult.down("timed out after " + Deadline.format(timeout));
        }
    }
}
