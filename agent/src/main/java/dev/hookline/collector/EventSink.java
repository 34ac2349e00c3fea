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
}
