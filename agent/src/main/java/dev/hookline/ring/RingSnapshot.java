package dev.hookline.ring;

import dev.hookline.kql.TableSource;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A frozen copy of the ring's retained events, grouped by table, oldest first: the source of a hunting query. */
public final class RingSnapshot implements TableSource {
    private final List<List<Event>> byTable;

    RingSnapshot(List<List<Event>> byTable) {
        this.byTable = byTable;
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        for (Event e : byTable.get(table.ordinal())) {
            consumer.accept(e);
        }
    }

    /** The events of one table (unmodifiable; do not modify the events either). */
    public List<Event> events(Table table) {
        return Collections.unmodifiableList(byTable.get(table.ordinal()));
    }

    public int size() {
        int n = 0;
        for (List<Event> l : byTable) {
            n += l.size();
        }
        return n;
    }
}
