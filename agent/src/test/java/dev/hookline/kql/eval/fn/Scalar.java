package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.ResultTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Evaluates one scalar expression over one fixed DeviceProcessEvents row, for the families' table-driven tests:
 * FileName "Cmd.exe", ProcessCommandLine "cmd.exe /c whoami", ProcessId 42, AccountName "" (set empty),
 * InitiatingProcessId null, Timestamp {@link #NOW} minus one hour, AdditionalFields
 * {@code {"Count":3,"Names":["Cmd.exe","sh"],"Ids":[41,42],"Inner":{"On":true}}}.
 */
final class Scalar {
    static final long NOW = 1_700_000_000_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;

    private Scalar() {
    }

    static Event row() {
        Event e = new Event(Table.DeviceProcessEvents);
        e.setTime(Columns.TIMESTAMP, NOW - HOUR);
        e.set(Columns.byName("FileName"), "Cmd.exe");
        e.set(Columns.byName("ProcessCommandLine"), "cmd.exe /c whoami");
        e.set(Columns.byName("ProcessId"), 42L);
        e.set(Columns.byName("AccountName"), "");
        e.set(Columns.byName("InitiatingProcessId"), Event.NULL);
        e.set(Columns.ADDITIONAL_FIELDS, "{\"Count\":3,\"Names\":[\"Cmd.exe\",\"sh\"],\"Ids\":[41,42],"
                + "\"Inner\":{\"On\":true}}");
        return e;
    }

    /** The value of expr as the output object a query returns (Long, Integer, Double, String, Instant, ...). */
    static Object eval(String expr) {
        ResultTable r = Kql.compile("DeviceProcessEvents | project X = " + expr)
                .run((table, sink) -> {
                    if (table == Table.DeviceProcessEvents) {
                        sink.accept(row());
                    }
                }, NOW);
        List<Object[]> rows = r.rows();
        if (rows.size() != 1) {
            throw new AssertionError(expr + " gave " + rows.size() + " rows");
        }
        return rows.get(0)[0];
    }

    /** The values of expr over n copies of the row, in one run of one compiled query. */
    static List<Object> evalRows(String expr, int n) {
        ResultTable r = Kql.compile("DeviceProcessEvents | project X = " + expr)
                .run((table, sink) -> {
                    if (table == Table.DeviceProcessEvents) {
                        for (int i = 0; i < n; i++) {
                            sink.accept(row());
                        }
                    }
                }, NOW);
        List<Object> out = new java.util.ArrayList<>();
        for (Object[] values : r.rows()) {
            out.add(values[0]);
        }
        return out;
    }

    /** Whether `where expr` keeps the row, through the streaming predicate path. */
    static boolean test(String expr) {
        return Kql.compilePredicate(expr, Table.DeviceProcessEvents).test(row(), NOW);
    }

    static Arguments row(String expr, Object expected) {
        return Arguments.of(expr, expected);
    }
}
