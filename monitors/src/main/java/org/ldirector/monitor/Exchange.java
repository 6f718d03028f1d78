package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One check on a fresh TCP connection, driven by an {@link ExchangeLoop}: connect, send
 * {@link #request} (if any), read until the subclass has a verdict. Every callback runs on the
 * loop's thread and returns the result, or null to go on. The loop closes the connection and
 * hands the result to {@link #outcome} when a callback returns one or the deadline passes.
 */
abstract class Exchange {

    /** Returned by a callback that has passed the check on to someone else, who delivers the result. */
    static final CheckResult HANDED_OFF = CheckResult.down("handed off");

    /**
     * Where an exchange's verdict goes: a future for a one-off check ({@link OneOff}), the
     * {@link RecurringCheck} that started it for a scheduled one (no future per probe).
     */
    interface Outcome {
        /**
         * The verdict of {@code x} ({@link #HANDED_OFF} included); on the loop's thread, except for a
         * handed-off check, whose verdict comes from the thread that finished it.
         */
        void deliver(Exchange x, CheckResult r);

        /** Nothing more is wanted from {@code x} (delivered, cancelled or stopped). */
        boolean isDone(Exchange x);
    }

    final Outcome outcome;
    final InetSocketAddress address;
    final long deadlineNanos;
    /** Sent once connected; null for a bare connect. */
    final ByteBuffer request;
    SocketChannel channel;
    SelectionKey key;
    /** On an {@link EpollTransport}: the socket (-1: none), its serial number and the events it waits for. */
    int fd = -1;
    int serial;
    int events;
    /** On an {@link EpollTransport}: the address and request in native memory, prepared once per real (or null). */
    NativeTarget target;
    volatile ExchangeLoop loop;
    /** The TCP handshake has completed (a timeout after it is not a connect timeout). */
    boolean connected;
    /** The loop is done with it (its connection closed); set on the loop's thread. */
    boolean closed;

    Exchange(Outcome outcome, InetSocketAddress address, ByteBuffer request, long deadlineNanos) {
        this.outcome = outcome;
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
        return outcome.isDone(this);
    }
}
