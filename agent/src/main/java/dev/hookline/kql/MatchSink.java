package dev.hookline.kql;

import dev.hookline.schema.Event;

/** Receives streaming matches: one call per arm whose output row the event produces. */
public interface MatchSink {
    /**
     * @param arm   the detection arm that matched
     * @param event the triggering event (reused by the caller after return: copy what you keep)
     * @param row   the row exactly as the arm projects it, in {@link Arm#outputColumns()} order (a fresh array)
     */
    void onMatch(Arm arm, Event event, Object[] row);
}
