package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.output.ResultFormat;
import dev.hookline.schema.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicAggregatesAndOutputTest {
    private static final Event[] EVENTS = {
        Ev.proc(Ev.NOW).s("FileName", "a").n("ProcessId", 1).s("AdditionalFields", "{\"k\":1,\"tags\":[\"x\",\"y\"]}").build(),
        Ev.proc(Ev.NOW).s("FileName", "b").n("ProcessId", 2).s("AdditionalFields", "{\"k\":2,\"j\":5,\"tags\":[\"y\"]}").build(),
        Ev.proc(Ev.NOW).s("FileName", "a").n("ProcessId", 3).s("AdditionalFields", "not json").build(),
    };

    private static Object one(String aggregates) {
        ResultTable r = Q.run("DeviceProcessEvents | summarize X = " + aggregates, EVENTS);
        return r.rows().get(0)[0];
    }

    @Test
    void makeSetAndMakeListBuildDynamicArrays() {
        assertEquals(List.of("a", "b"), one("make_set(FileName)"));
        assertEquals(List.of("a", "b", "a"), one("make_list(FileName)"));
        assertEquals(List.of("a"), one("make_set(FileName, 1)"));
        assertEquals(List.of("a", "b"), one("makelist(FileName, 2)"));
        assertEquals(List.of("a", "b"), one("makeset(FileName)"));
        assertEquals(List.of("a"), one("make_set_if(FileName, ProcessId != 2)"));
        assertEquals(List.of(1L, 3L), one("make_list_if(ProcessId, FileName == 'a')"));
        // an array's elements are added, not the array: the set of all tags
        assertEquals(List.of("x", "y"), one("make_set(AdditionalFields.tags)"));
        assertEquals(Map.of("k", 1L, "tags", List.of("x", "y"), "j", 5L), one("make_bag(AdditionalFields)"));
        assertEquals(Map.of("a", 1L, "b", 2L), one("make_bag(bag_pack(FileName, ProcessId))")); // first value kept
    }

    @Test
    void sumAndAvgReadDynamicNumbersAsReals() {
        assertEquals(3.0, one("sum(AdditionalFields.k)"));
        assertEquals(1.5, one("avg(AdditionalFields.k)"));
    }

    @Test
    void aBadMaxSizeIsACompileError() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | summarize make_set(FileName, ProcessId)"));
        assertTrue(e.getMessage().contains("make_set() maxSize must be a constant"), e.getMessage());
    }

    @Test
    void aDynamicResultIsReadBackByLaterOperators() {
        ResultTable r = Q.run("DeviceProcessEvents | summarize S = make_set(FileName), L = make_list(ProcessId) by D = 1"
                + " | extend N = array_length(S), Last = L[-1], Has = set_has_element(S, 'b')"
                + " | project N, Last, Has, S", EVENTS);
        assertEquals(List.of(2L), Q.column(r, "N"));
        assertEquals(List.of(3L), Q.column(r, "Last"));
        assertEquals(List.of(true), Q.column(r, "Has"));
        assertEquals("dynamic", r.columnTypes().get(3));
    }

    @Test
    void jsonOutputPrintsArraysAndBagsAsJsonAndTheTablePrintsTheirText() {
        ResultTable r = Q.run("DeviceProcessEvents | summarize S = make_set(FileName), B = make_bag(bag_pack('n', 1))",
                EVENTS);
        assertEquals("{\"S\":[\"a\",\"b\"],\"B\":{\"n\":1}}", ResultFormat.rowJson(r, r.rows().get(0)));
        StringWriter w = new StringWriter();
        ResultFormat.print(r, ResultFormat.Kind.table, new PrintWriter(w));
        assertTrue(w.toString().contains("[\"a\",\"b\"]  {\"n\":1}"), w.toString());
    }

    @Test
    void additionalFieldsThatIsNotJsonReadsAsADynamicString() {
        ResultTable r = Q.run("DeviceProcessEvents | where ProcessId == 3 | project A = AdditionalFields, K = AdditionalFields.k",
                EVENTS);
        assertEquals("not json", r.rows().get(0)[0]);
        assertEquals(null, r.rows().get(0)[1]);
    }
}
