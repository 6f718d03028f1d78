package org.ldirector.director.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The director's events in the order they happened: the latest {@link #CAPACITY} are kept for
 * readers that poll ({@link #since}), and listeners are told of each as it is published, in
 * sequence order. A listener runs on the publishing thread, never under the engine's lock, and
 * must not block (hand work to a queue); one that throws is logged and kept.
 */
public final class EventStream {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final int CAPACITY = 4096;

    /** One event with its sequence number (1 for the first). */
    public record Numbered(long seq, EngineEvent event) {
    }

    private final ArrayDeque<Numbered> kept = new ArrayDeque<>();
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private long last;
    private final Object ordering = new Object();

    public void publish(EngineEvent event) {
        // One publisher at a time, so listeners see the events in their sequence order; never under
        // the engine's lock, and listeners only enqueue.
        synchronized (ordering) {
            synchronized (this) {
                last++;
                kept.addLast(new Numbered(last, event));
                if (kept.size() > CAPACITY) {
                    kept.removeFirst();
                }
            }
            for (Consumer<EngineEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.error("Event listener failed on {}: {}", event, e.toString());
                }
            }
        }
    }

    public void publishAll(List<? extends EngineEvent> events) {
        events.forEach(this::publish);
    }

    /** The kept events after sequence number {@code seq} (0 for all kept), oldest first. */
    public synchronized List<Numbered> since(long seq) {
        List<Numbered> out = new ArrayList<>();
        for (Numbered n : kept) {
            if (n.seq() > seq) {
                out.add(n);
            }
        }
        return out;
    }

    /** The sequence number of the newest event, 0 before the first. */
    public synchronized long lastSeq() {
        return last;
    }

    public void subscribe(Consumer<EngineEvent> listener) {
        listeners.add(listener);
    }
}
