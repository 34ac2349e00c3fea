package dev.hookline.kql;

import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;

/** Terse event builder for tests: Ev.proc(ts).s("FileName", "cmd.exe").build(). */
final class Ev {
    static final long NOW = 1_700_000_000_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;

    private final Event e;

    private Ev(Table t, long ts) {
        e = new Event(t);
        e.setTime(Columns.TIMESTAMP, ts);
    }

    static Ev proc(long ts) {
        return new Ev(Table.DeviceProcessEvents, ts);
    }

    static Ev net(long ts) {
        return new Ev(Table.DeviceNetworkEvents, ts);
    }

    static Ev file(long ts) {
        return new Ev(Table.DeviceFileEvents, ts);
    }

    Ev s(String column, String value) {
        e.set(col(column), value);
        return this;
    }

    Ev n(String column, long value) {
        e.set(col(column), value);
        return this;
    }

    Ev nul(String column) {
        Column c = col(column);
        if (c.type().numeric()) {
            e.set(c, Event.NULL);
        } else {
            e.set(c, (String) null);
        }
        return this;
    }

    private static Column col(String name) {
        Column c = Columns.byName(name);
        if (c == null) {
            throw new IllegalArgumentException(name);
        }
        return c;
    }

    Event build() {
        return e;
    }
}
