package dev.hookline.ring;

import dev.hookline.schema.Event;

/** The consumer's callback: sees each published event once, in sequence order, in batches. */
@FunctionalInterface
public interface BatchHandler {
    /**
     * @param event      the ring's own slot: valid only during the call (copy what you keep); do not modify it, the
     *                   slot also serves hunting snapshots afterwards
     * @param sequence   the event's sequence number (0-based, gap-free across accepted events)
     * @param endOfBatch true for the last event of the current batch (a good moment to flush)
     */
    void onEvent(Event event, long sequence, boolean endOfBatch);
}
