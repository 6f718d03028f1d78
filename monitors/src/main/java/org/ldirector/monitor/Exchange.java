package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One check on a fresh TCP connection, driven by an {@link ExchangeLoop}: connect, send
 * {@link #request} (if any), read until the subclass has a verdict. Every callback runs on the
 * loop's thread and returns the result, or null to go on. The loop closes the connection and
 * completes {@link #result} when a callback returns a result or the deadline passes.
 */
abstract class Exchange {

    /** Returned by a callback that has passed the check on to someone else, who completes {@link #result}. */
    static final CheckResult HANDED_OFF = CheckResult.down("handed off");

    /** Cancelling it (a caller that gives up) makes the loop close the connection at once. */
    final CompletableFuture<CheckResult> result = new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            ExchangeLoop l = loop;
            if (cancelled && l != null) {
                l.abort(Exchange.this);
            }
            return cancelled;
        }
    };
    final InetSocketAddress address;
    final long deadlineNanos;
    /** Sent once connected; null for a bare connect. */
    final ByteBuffer request;
    SocketChannel channel;
    SelectionKey key;
    volatile ExchangeLoop loop;
    /** The TCP handshake has completed (a timeout after it is not a connect timeout). */
    boolean connected;
    /** The loop is done with it (its connection closed); set on the loop's thread. */
    boolean closed;

    Exchange(InetSocketAddress address, ByteBuffer request, long deadlineNanos) {
        this.address = address;
        this.request = request;
        this.deadlineNanos = deadlineNanos;
    }

    /** The TCP handshake is done; null: send the request and read. */
    abstract CheckResult connected();

    /** Bytes arrived ({@code data} is ready to read and only valid during the call); null: read on. */
    abstract CheckResult received(ByteBuffer data);

    /** The peer closed its side. */
    abstract CheckResult ended();

    /** The connect or a read or write failed. */
    abstract CheckResult failed(IOException e, boolean connecting);

    /** The deadline passed first. */
    abstract CheckResult timedOut(boolean connecting);

    boolean finished() {
        return result.isDone();
    }
}
