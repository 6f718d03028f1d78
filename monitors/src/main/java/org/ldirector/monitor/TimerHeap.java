package org.ldirector.monitor;

/**
 * The timer queue of an {@link ExchangeLoop}'s {@link RecurringCheck}s: a binary min-heap on
 * {@link RecurringCheck#at} that knows where each check sits, so re-timing or removing one is
 * O(log n) and allocates nothing. One entry per check: its next due time while it waits, its
 * probe's deadline while a probe runs. Loop thread only.
 */
final class TimerHeap {

    private RecurringCheck[] heap = new RecurringCheck[64];
    private int size;

    RecurringCheck peek() {
        return size == 0 ? null : heap[0];
    }

    int size() {
        return size;
    }

    /** Puts {@code c} in at {@code at}, or moves it there if it is in already. */
    void put(RecurringCheck c, long at) {
        c.at = at;
        int i = c.heapIndex;
        if (i < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            i = size++;
            heap[i] = c;
            c.heapIndex = i;
        }
        down(up(i));
    }

    void remove(RecurringCheck c) {
        int i = c.heapIndex;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        size--;
        RecurringCheck last = heap[size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            down(up(i));
        }
    }

    private int up(int i) {
        RecurringCheck c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            RecurringCheck p = heap[parent];
            if (p.at - c.at <= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
        return i;
    }

    private void down(int i) {
        RecurringCheck c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            RecurringCheck least = heap[child];
            int right = child + 1;
            if (right < size && heap[right].at - least.at < 0) {
                child = right;
                least = heap[right];
            }
            if (c.at - least.at <= 0) {
                break;
            }
            heap[i] = least;
            least.heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
