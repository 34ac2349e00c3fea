package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.List;

/** Synthetic events for the store's tests: every column of a table set, with values that stress the encoding. */
final class StoreEvents {
    static final long T0 = Times.parse("2026-12-07T15:10:00Z");
    private static final String[] AWKWARD = {"", "plain", "C:\\Windows\\System32\\cmd.exe", "naïve café ☕",
        "emoji 😀 pair", "lone \uD800 surrogate", "nul \u0000 inside", "{\"a\":[1,2,{\"b\":null}]}", "  spaced  "};
    private static final long[] LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE + 1, 4294967296L, -123456789012L};

    private StoreEvents() {
    }

    /** An event of the table with every column set; i varies every value. */
    static Event full(Table t, int i, long timestamp) {
        Event e = new Event(t);
        for (Column c : t.columns()) {
            ColumnType type = c.type();
            switch (type) {
                case STRING:
                case DYNAMIC:
                    e.set(c, AWKWARD[(i + c.id()) % AWKWARD.length] + (i % 3 == 0 ? "" : "#" + i));
                    break;
                case BOOL:
                    e.set(c, (i + c.id()) % 2 == 0);
                    break;
                case INT:
                    e.set(c, (long) (int) LONGS[(i + c.id()) % LONGS.length]);
                    break;
                case DATETIME:
                    e.set(c, timestamp - (long) c.id() * 1_000_003L * i);
                    break;
                default:
                    e.set(c, LONGS[(i + c.id()) % LONGS.length]);
            }
        }
        e.set(dev.hookline.schema.Columns.TIMESTAMP, timestamp);
        return e;
    }

    /** A sparse event: most columns null, as collectors produce them. */
    static Event sparse(Table t, int i, long timestamp) {
        Event e = new Event(t);
        e.set(dev.hookline.schema.Columns.TIMESTAMP, timestamp);
        e.set(dev.hookline.schema.Columns.DEVICE_NAME, "host-" + (i % 2));
        e.set(dev.hookline.schema.Columns.ACTION_TYPE, i % 2 == 0 ? "ProcessCreated" : "ConnectionSuccess");
        return e;
    }

    /** Every column's value of the table, for comparing events (null where unset). */
    static List<Object> values(Event e) {
        List<Object> out = new ArrayList<>();
        out.add(e.table());
        for (Column c : e.table().columns()) {
            out.add(c.type().numeric() ? (Object) e.getLong(c) : e.getString(c));
        }
        return out;
    }

    static void assertSame(Event expected, Event actual) {
        assertEquals(values(expected), values(actual));
    }
}
