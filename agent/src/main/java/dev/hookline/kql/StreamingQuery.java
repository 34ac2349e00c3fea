package dev.hookline.kql;

import dev.hookline.schema.Event;
import java.util.List;

/**
 * A detection query compiled to per-table matchers. Each event is tested once against every arm that reads its
 * table; nothing is allocated unless an arm matches. `union` and `sort` do not apply: each arm's row is an alert.
 * Not thread-safe: one instance per evaluating thread.
 */
public interface StreamingQuery {
    List<Arm> arms();

    /** @param nowNanos the single "now" every ago()/now() in the query uses for this event */
    void accept(Event event, long nowNanos, MatchSink sink);

    /** Tests the event against one of this query's arms only (a detector that dispatches by {@link Arm#gate()}). */
    void accept(Arm arm, Event event, long nowNanos, MatchSink sink);
}
