package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operators whose state grows with their input (summarize's groups and the values of make_set/make_list/dcount,
 * distinct, sort) stop with a KqlException naming the operator and the row budget instead of filling the heap,
 * as the join's build side does; top N holds only N rows, so it runs over any input.
 */
class AccumulatingOperatorsStopAtRowBudgetTest {
    private static final KqlOptions BUDGET_100 = KqlOptions.DEFAULT.withRowBudget(100);

    /** 150 process rows with distinct ProcessIds, five device ids. */
    private static final TableSource ROWS = (table, consumer) -> {
        if (table != Table.DeviceProcessEvents) {
            return;
        }
        for (int i = 0; i < 150; i++) {
            Event e = new Event(Table.DeviceProcessEvents);
            e.set(Columns.PROCESS_ID, i);
            e.set(Columns.DEVICE_ID, "d" + i % 5);
            e.set(Columns.FILE_NAME, "f" + i);
            consumer.accept(e);
        }
    };

    private static KqlException failure(String query) {
        return assertThrows(KqlException.class, () -> Kql.compile(query, BUDGET_100).run(ROWS, Ev.NOW));
    }

    private static int rows(String query) {
        return Kql.compile(query, BUDGET_100).run(ROWS, Ev.NOW).rows().size();
    }

    @Test
    void summarizeWithMoreGroupsThanTheBudgetStopsNamingSummarizeAndTheBudget() {
        KqlException e = failure("DeviceProcessEvents | summarize count() by ProcessId");
        assertTrue(e.getMessage().contains("summarize: more than 100 groups (the row budget)"), e.getMessage());
        assertEquals(1, e.line());
        assertEquals(5, rows("DeviceProcessEvents | summarize count() by DeviceId"));
    }

    @Test
    void distinctWithMoreRowsThanTheBudgetStopsNamingDistinct() {
        KqlException e = failure("DeviceProcessEvents | distinct FileName, DeviceId");
        assertTrue(e.getMessage().contains("distinct: more than 100 groups (the row budget)"), e.getMessage());
        assertEquals(5, rows("DeviceProcessEvents | distinct DeviceId"));
    }

    @Test
    void makeSetAndDcountValuesOverTheBudgetStopTheSummarize() {
        assertTrue(failure("DeviceProcessEvents | summarize make_set(FileName) by DeviceId").getMessage()
                .contains("more than 100 values of make_set/make_list/make_bag/dcount"));
        assertTrue(failure("DeviceProcessEvents | summarize make_list(ProcessId)").getMessage()
                .contains("(the row budget)"));
        assertTrue(failure("DeviceProcessEvents | summarize dcount(ProcessId)").getMessage()
                .contains("summarize: its groups hold more than 100 values"));
        assertEquals(1, rows("DeviceProcessEvents | summarize make_set(DeviceId), dcount(DeviceId)"));
    }

    @Test
    void sortOverTheBudgetStopsButTopHoldsOnlyItsRows() {
        assertTrue(failure("DeviceProcessEvents | sort by ProcessId").getMessage()
                .contains("sort: more than 100 rows to sort (the row budget)"));
        List<Object[]> top = Kql.compile("DeviceProcessEvents | top 3 by ProcessId desc | project ProcessId",
                BUDGET_100).run(ROWS, Ev.NOW).rows();
        assertEquals(List.of(149L, 148L, 147L), top.stream().map(r -> r[0]).toList());
    }

    @Test
    void topKeepsTiesInInputOrderLikeAStableSort() {
        List<Object[]> top = Kql.compile("DeviceProcessEvents | top 4 by DeviceId asc | project ProcessId",
                BUDGET_100).run(ROWS, Ev.NOW).rows();
        assertEquals(List.of(0L, 5L, 10L, 15L), top.stream().map(r -> r[0]).toList());
    }
}
