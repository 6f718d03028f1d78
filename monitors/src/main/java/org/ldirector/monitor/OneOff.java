package org.ldirector.monitor;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one {@link AsyncMonitor#start} call: completed by the loop with the exchange's
 * verdict; cancelling it (a caller that gives up) makes the loop close the connection at once.
 */
final class OneOff extends CompletableFuture<CheckResult> implements Exchange.Outcome {

    private volatile Exchange exchange;

    /** Ties the future to its exchange (set before the exchange is started). */
    void of(Exchange x) {
        this.exchange = x;
    }

    @Override
    public void deliver(Exchange x, CheckResult r) {
        if (r != Exchange.HANDED_OFF) {
            complete(r); // a handed-off exchange is completed by its Handoff thread
        }
    }

    @Override
    public boolean isDone(Exchange x) {
        return isDone();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Exchange x = exchange;
        ExchangeLoop l = x == null ? null : x.loop;
        if (cancelled && l != null) {
            l.abort(x);
        }
        return cancelled;
    }
}
