package dev.hookline.schema;

import java.util.Arrays;

/**
 * One row of an MDE table in a compact, reusable form: a string slot and a long slot per global column id.
 * Ring-buffer slots hold one preallocated Event each and are refilled in place with {@link #reset(Table)}, so
 * the hot path allocates no per-event maps or boxes. Numeric, bool and datetime columns use the long slot with
 * {@link #NULL} for "no value"; string and dynamic columns use the string slot with null for "no value"
 * (Kusto reads a missing string as empty).
 */
public final class Event {
    /** The long slot's null marker. Kusto has typed nulls for long/int/datetime/bool. */
    public static final long NULL = Long.MIN_VALUE;

    private Table table;
    private final String[] strings;
    private final long[] longs;

    public Event() {
        int n = Columns.count();
        strings = new String[n];
        longs = new long[n];
        Arrays.fill(longs, NULL);
    }

    public Event(Table table) {
        this();
        this.table = table;
    }

    /** Empties every column and sets the table: the event is then ready to be refilled. */
    public Event reset(Table table) {
        this.table = table;
        Arrays.fill(strings, null);
        Arrays.fill(longs, NULL);
        return this;
    }

    public Table table() {
        return table;
    }

    public String getString(Column c) {
        return strings[c.id()];
    }

    public String getString(int columnId) {
        return strings[columnId];
    }

    public long getLong(Column c) {
        return longs[c.id()];
    }

    public long getLong(int columnId) {
        return longs[columnId];
    }

    public boolean isNull(Column c) {
        return c.type().numeric() ? longs[c.id()] == NULL : strings[c.id()] == null;
    }

    public Event set(Column c, String value) {
        if (c.type().numeric()) {
            throw new IllegalArgumentException(c.name() + " is " + c.type().kustoName() + ", not string");
        }
        strings[c.id()] = value;
        return this;
    }

    public Event set(Column c, long value) {
        if (!c.type().numeric()) {
            throw new IllegalArgumentException(c.name() + " is " + c.type().kustoName() + ", not numeric");
        }
        longs[c.id()] = value;
        return this;
    }

    public Event set(Column c, boolean value) {
        return set(c, value ? 1L : 0L);
    }

    /** Sets a datetime column from epoch nanoseconds. */
    public Event setTime(Column c, long epochNanos) {
        return set(c, epochNanos);
    }

    /** Copies every slot of another event into this one (the ring buffer's snapshot for hunting and alerts). */
    public Event copyFrom(Event other) {
        this.table = other.table;
        System.arraycopy(other.strings, 0, strings, 0, strings.length);
        System.arraycopy(other.longs, 0, longs, 0, longs.length);
        return this;
    }

    public Event copy() {
        return new Event().copyFrom(this);
    }

    /** The column's value as an Object (String, Long, Boolean, java.time.Instant) or null; for output, not the hot path. */
    public Object value(Column c) {
        switch (c.type()) {
            case STRING:
            case DYNAMIC:
                return strings[c.id()];
            case BOOL:
                return longs[c.id()] == NULL ? null : longs[c.id()] != 0;
            case DATETIME:
                return longs[c.id()] == NULL ? null : Times.toInstant(longs[c.id()]);
            default:
                return longs[c.id()] == NULL ? null : longs[c.id()];
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.valueOf(table)).append('{');
        boolean first = true;
        for (Column c : Columns.all()) {
            Object v = value(c);
            if (v != null) {
                if (!first) {
                    sb.append(", ");
                }
                sb.append(c.name()).append('=').append(v);
                first = false;
            }
        }
        return sb.append('}').toString();
    }
}
