package dev.hookline.collector;

import dev.hookline.schema.Event;

/**
 * Where a collector hands over finished events. The sink copies the event into its own preallocated slot before
 * returning, so a collector keeps one scratch Event per thread and reuses it. Safe for several producer threads.
 */
public interface EventSink {
    /**
     * Publishes a copy of the event. Returns false when the event could not be accepted (the ring is full and the
     * overrun policy drops); the sink has counted the drop, the caller need not.
     */
    boolean publish(Event event);

    /**
     * Opens a burst: the events this thread publishes until {@link #endBurst()} (one receive's worth) need not wake
     * another thread, because the burst's end offers to process them here. Optional: a collector that never calls
     * it still has its events processed. Pair every call with endBurst in a finally block.
     */
    default void beginBurst() {
    }

    /**
     * Closes a burst: the sink may now run its consumer (the rule engine) on the calling thread for what is
     * queued, instead of waking its own thread for it, when that thread is idle. One wake-up saved per burst.
     */
    default void endBurst() {
    }
}
