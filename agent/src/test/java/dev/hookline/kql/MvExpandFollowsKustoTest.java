package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** mv-expand as the Kusto documentation describes it (values are this engine's dynamic text). */
class MvExpandFollowsKustoTest {
    @Test
    void arraysExpandInParallelAndShortOnesReadAsNull() {
        assertEquals(List.of("k|1|x|0", "k|2|y|1", "k|3|~|2"), Rows.run("print c = 'k', a = dynamic([1, 2, 3]),"
                + " b = dynamic(['x', 'y']) | mv-expand with_itemindex=i a, b"));
    }

    @Test
    void nullGivesOneRowAndEmptyGivesNone() {
        assertEquals(List.of("1|~"), Rows.run("print n = 1, d = dynamic(null) | mv-expand d"));
        assertEquals(List.of(), Rows.run("print n = 1, d = dynamic([]) | mv-expand d"));
    }

    @Test
    void typeofCastsAndMismatchesAreNull() {
        assertEquals(List.of("10|20", "~|~"), Rows.run("print x = dynamic([10, 'ten']) | mv-expand x to typeof(long)"
                + " | extend y = x * 2"));
        assertEquals("x,y", Rows.columns("print x = dynamic([1]) | mv-expand x to typeof(long) | extend y = x"));
    }

    @Test
    void namedExpressionsAddAColumnAndBagsExpandToEntries() {
        assertEquals(List.of("1|a", "1|b"), Rows.run("print n = 1 | mv-expand v = dynamic(['a', 'b'])"));
        // a bag (here JSON text, as make_bag and parse_json give it) expands to one single-entry bag per key
        assertEquals(List.of("{\"k\":1}", "{\"j\":\"z\"}"), Rows.run("print b = '{\"k\":1,\"j\":\"z\"}' | mv-expand b"));
        assertEquals(List.of("[\"k\",1]"), Rows.run("print b = '{\"k\":1}' | mv-expand kind=array b"));
    }

    @Test
    void limitsAndTheLegacyDefault() {
        assertEquals(2, Rows.run("print a = dynamic([1,2,3]) | mv-expand a limit 2").size());
        assertEquals(128, Rows.run("range x from 1 to 200 step 1 | summarize a = make_list(x) | mvexpand a").size());
        assertEquals(200, Rows.run("range x from 1 to 200 step 1 | summarize a = make_list(x) | mv-expand a").size());
    }

    @Test
    void mvApplyRunsTheSubqueryOverEachRowsElements() {
        String data = "datatable(Dev:string, M:dynamic) ['a', dynamic([5, 1, 9]), 'b', dynamic([2, 3]), 'c', dynamic([])]";
        assertEquals("Dev,M", Rows.columns(data + " | mv-apply M to typeof(long) on (top 2 by M desc)"));
        assertEquals(List.of("a|9", "a|5", "b|3", "b|2"), Rows.run(data + " | mv-apply M to typeof(long) on (top 2 by M desc)"));
        // the expanded column leaves the input unless the item is named (x = M keeps M, as the analyzer says);
        // the subquery's columns follow the others; an empty array still gives the subquery an empty subtable
        // (count() over it is 0)
        assertEquals("Dev,M,n,top", Rows.columns(data
                + " | mv-apply with_itemindex=i x = M to typeof(long) on (summarize n = count(), top = max(x))"));
        assertEquals(List.of("a|3|9", "b|2|3", "c|0|~"), Rows.run(data
                + " | mv-apply with_itemindex=i x = M to typeof(long) on (summarize n = count(), top = max(x))"
                + " | project-away M"));
        assertEquals(List.of("a|0|5", "a|2|9"), Rows.run(data
                + " | mv-apply with_itemindex=i M to typeof(long) on (where M > 4 | project i, M)"));
    }

    @Test
    void mvExpandDoesNotStream() {
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(
                "DeviceNetworkEvents | mv-expand AdditionalFields").streaming());
        assertTrue(e.getMessage().contains("'mv-expand'"), e.getMessage());
    }
}
