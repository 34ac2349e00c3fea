package dev.hookline.schedule;

import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Events held in memory per table, with the earliest and latest Timestamp seen: an events file replayed offline. */
public final class EventList implements TableSource {
    private final List<List<Event>> byTable = new ArrayList<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    public EventList() {
        for (int i = 0; i < Table.values().length; i++) {
            byTable.add(new ArrayList<>());
        }
    }

    /** Keeps a copy (readers reuse their events). */
    public void add(Event e) {
        if (e.table() == null) {
            return;
        }
        byTable.get(e.table().ordinal()).add(e.copy());
        long ts = e.getLong(Columns.TIMESTAMP);
        if (ts != Event.NULL) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }
    }

    /** Whether any event had a Timestamp. */
    public boolean hasTimes() {
        return first <= last;
    }

    public long first() {
        return first;
    }

    public long last() {
        return last;
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        for (Event e : byTable.get(table.ordinal())) {
            consumer.accept(e);
        }
    }
}
