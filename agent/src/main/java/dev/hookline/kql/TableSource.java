package dev.hookline.kql;

import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.function.Consumer;

/** Rows of the MDE tables for batch (hunting) execution: an events file, or a snapshot of the ring buffer. */
public interface TableSource {
    /** Calls the consumer once per event of the table. Events passed may be reused after the call returns. */
    void scan(Table table, Consumer<Event> consumer);
}
