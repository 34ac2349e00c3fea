package dev.hookline.schedule;

import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.function.Consumer;

/** Another source cut to {@code from <= Timestamp < to}; an event without a Timestamp is kept (it cannot be placed). */
public record WindowSource(TableSource base, long from, long to) implements TableSource {
    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        base.scan(table, e -> {
            long ts = e.getLong(Columns.TIMESTAMP);
            if (ts == Event.NULL || (ts >= from && ts < to)) {
                consumer.accept(e);
            }
        });
    }
}
