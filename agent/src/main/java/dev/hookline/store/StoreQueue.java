package dev.hookline.store;

import dev.hookline.schema.Event;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off from the ring's consumer to the store's writer thread: a single-producer single-consumer ring of
 * preallocated Event slots. {@link #offer} copies the event's two slot arrays (the strings are shared, not copied)
 * and never blocks or allocates: a full queue drops the event and counts it.
 */
final class StoreQueue {
    private final Event[] slots;
    private final long[] seqs;
    private final int mask;
    /** Next index to fill (written by the producer only). */
    private final AtomicLong head = new AtomicLong();
    /** Next index to take (written by the writer only). */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long tailCache;

    StoreQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("queue capacity must be a power of two >= 2, got " + capacity);
        }
        slots = new Event[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Event();
        }
        seqs = new long[capacity];
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** Producer side: false (and counted) when the queue is full. */
    boolean offer(Event e, long seq) {
        long h = head.get();
        if (h - tailCache >= slots.length) {
            tailCache = tail.get();
            if (h - tailCache >= slots.length) {
                dropped.incrementAndGet();
                return false;
            }
        }
        int i = (int) h & mask;
        slots[i].copyFrom(e);
        seqs[i] = seq;
        head.lazySet(h + 1);
        return true;
    }

    /** Events waiting (approximate from the producer's side, exact from the writer's). */
    int size() {
        return (int) (head.get() - tail.get());
    }

    /** Writer side: the slot at the tail, valid until {@link #release}; null when empty. */
    Event peek() {
        long t = tail.get();
        return t == head.get() ? null : slots[(int) t & mask];
    }

    long peekSeq() {
        return seqs[(int) tail.get() & mask];
    }

    /** Writer side: frees the slot returned by {@link #peek}. */
    void release() {
        tail.lazySet(tail.get() + 1);
    }

    long dropped() {
        return dropped.get();
    }
}
