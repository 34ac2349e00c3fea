package dev.hookline.kql;

import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A TableSource over events held in a list (tests only). */
final class MemorySource implements TableSource {
    final List<Event> events = new ArrayList<>();

    MemorySource(List<Event> events) {
        this.events.addAll(events);
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        for (Event e : events) {
            if (e.table() == table) {
                consumer.accept(e);
            }
        }
    }
}
