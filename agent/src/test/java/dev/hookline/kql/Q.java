package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers to run queries and predicates in tests. */
final class Q {
    private Q() {
    }

    static ResultTable run(String query, Event... events) {
        return Kql.compile(query).run(new MemorySource(Arrays.asList(events)), Ev.NOW);
    }

    /** Values of one column of the result, in row order. */
    static List<Object> column(ResultTable r, String name) {
        int i = r.columnNames().indexOf(name);
        if (i < 0) {
            throw new AssertionError("no column " + name + " in " + r.columnNames());
        }
        List<Object> out = new ArrayList<>();
        for (Object[] row : r.rows()) {
            out.add(row[i]);
        }
        return out;
    }

    /** Whether `where expr` keeps a process event whose FileName (or other column) is set as given. */
    static boolean test(String expr, Event e) {
        return Kql.compilePredicate(expr, e.table()).test(e, Ev.NOW);
    }

    static boolean fileName(String expr, String fileName) {
        return test(expr, Ev.proc(Ev.NOW).s("FileName", fileName).build());
    }

    static Event proc(String column, String value) {
        return Ev.proc(Ev.NOW).s(column, value).build();
    }

    static Table table(String name) {
        return Table.byName(name);
    }
}
