package dev.hookline.kql;

import dev.hookline.schema.Event;

/** A compiled boolean KQL expression over one table's columns (used for rule exclusions). */
public interface EventPredicate {
    boolean test(Event event, long nowNanos);
}
