package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** serialize with row_number/prev/next, and syntax published hunting queries use. */
class SerializeAndCorpusSyntaxTest {
    private static final String NUMS = "datatable(v:long) [30, 10, 20]";

    @Test
    void rowNumberPrevAndNextNeedSerializedInput() {
        assertEquals(List.of("30|1|~|10", "10|2|30|20", "20|3|10|~"),
                Rows.run(NUMS + " | serialize n = row_number() | extend p = prev(v), x = next(v)"));
        assertEquals(List.of("10|0|20", "20|10|30", "30|20|0"),
                Rows.run(NUMS + " | sort by v asc | project v, p = prev(v, 1, 0), x = next(v, 1, 0)"));
        assertEquals(List.of("5|30", "6|10"), Rows.run(NUMS + " | serialize | project row_number(5), v | take 2"));
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(NUMS + " | extend n = row_number()"));
        assertTrue(e.getMessage().contains("needs serialized input"), e.getMessage());
        assertThrows(KqlException.class, () -> Kql.compile(NUMS + " | serialize | summarize count() by v"
                + " | extend p = prev(v)"));
    }

    @Test
    void bracketedNamesWorkAsColumnsAndAssignments() {
        assertEquals("Process Name,x", Rows.columns("print ['Process Name'] = 'a' | extend [\"x\"] = ['Process Name']"));
        assertEquals(List.of("a"), Rows.run("print ['Process Name'] = 'a' | where ['Process Name'] == 'a'"
                + " | project ['Process Name']"));
        assertEquals("y", Rows.columns("print ['x'] = 1 | project-rename y = ['x']"));
    }

    @Test
    void adjacentStringLiteralsConcatenate() {
        assertEquals(List.of("abc"), Rows.run("print s = 'a' \"b\" @'c'"));
    }

    @Test
    void documentedDatetimeLiteralForms() {
        String want = "2022-01-16T00:00:00Z";
        for (String lit : List.of("datetime(2022-01-16)", "datetime('2022-01-16 00:00:00')",
                "datetime(\"01/16/2022 00:00:00\")", "datetime(\"1/16/2022\")", "datetime('Sun, 16 Jan 2022 00:00:00 GMT')",
                "datetime(2022-01-16T00:00:00.0000000Z)")) {
            assertEquals(List.of(want), Rows.run("print " + lit), lit);
        }
        assertThrows(KqlException.class, () -> Kql.compile("print datetime('16th of Jan')"));
    }

    @Test
    void hintsInJoinSummarizeAndUnionAreIgnored() {
        assertEquals(List.of("1|1"), Rows.run("print a = 1 | summarize hint.strategy=shuffle count() by a"));
        assertEquals(List.of("1"), Rows.run("union hint.concurrency=2 (print a = 1) | project a"));
    }

    @Test
    void aLetOverATableHooklineLacksNamesTheTable() {
        for (String q : List.of("let x = SecurityEvent | where EventID == 4688; x",
                "let x = (SecurityEvent | where EventID == 4688); x",
                "DeviceProcessEvents | where DeviceName in (SecurityEvent | project Computer)")) {
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(q), q);
            assertTrue(e.getMessage().contains("'SecurityEvent'"), q + " -> " + e.getMessage());
        }
    }

    @Test
    void invisibleSpacesPastedFromWebPagesReadAsSpaces() {
        assertEquals(List.of("1"), Rows.run("print\u200b a\u202f=\u00a01"));
    }

    @Test
    void renderIsIgnoredWithAWarning() {
        CompiledQuery q = Kql.compile("range x from 1 to 3 step 1 | render timechart with (title='t', ysplit=panels)");
        assertEquals(3, q.run(new MemorySource(List.of()), Ev.NOW).rows().size());
        assertTrue(q.warnings().toString().contains("render timechart was ignored"), q.warnings().toString());
        // render at the end of a rule does not stop it from streaming
        Kql.compile("DeviceProcessEvents | where FileName == 'x' | render table").streaming();
    }

    @Test
    void distinctStarSampleTakeAndLimit() {
        assertEquals(List.of("a|1", "b|2"), Rows.run("datatable(s:string, n:long) ['a',1, 'b',2, 'a',1] | distinct *"));
        assertEquals(2, Rows.run("range x from 1 to 10 step 1 | sample 2").size());
        assertEquals(List.of("1", "2"), Rows.run("range x from 1 to 10 step 1 | limit 2"));
    }

    @Test
    void topNestedKeepsTheTopGroupsWithinEachParent() {
        String data = "datatable(Dev:string, App:string, Bytes:long) ['a','x',5, 'a','y',1, 'a','y',1, 'a','z',9,"
                + " 'b','x',2, 'c','q',1, 'c','q',1, 'c','q',1]";
        assertEquals("Dev,aggregated_Dev,App,Top", Rows.columns(data
                + " | top-nested 2 of Dev by count(), top-nested 1 of App by Top = sum(Bytes)"));
        assertEquals(List.of("a|4|z|9", "c|3|q|3"), Rows.run(data
                + " | top-nested 2 of Dev by count(), top-nested 1 of App by Top = sum(Bytes)"));
        assertEquals(List.of("b|1", "c|3", "a|4"), Rows.run(data + " | top-nested of Dev by count() asc"));
    }

    @Test
    void aSortFollowedOnlyByRowOperatorsStreams() {
        StreamingQuery sq = Kql.compile("DeviceProcessEvents | sort by Timestamp desc | where FileName == 'a'"
                + " | project FileName").streaming();
        int[] n = {0};
        sq.accept(Ev.proc(Ev.NOW).s("FileName", "a").build(), Ev.NOW, (arm, ev, row) -> n[0]++);
        sq.accept(Ev.proc(Ev.NOW).s("FileName", "b").build(), Ev.NOW, (arm, ev, row) -> n[0]++);
        assertEquals(1, n[0]);
        assertThrows(KqlException.class, () -> Kql.compile("DeviceProcessEvents | sort by Timestamp | take 5"
                + " | where FileName == 'a'").streaming());
    }

    @Test
    void searchTestsTermsAgainstEveryStringColumn() {
        List<dev.hookline.schema.Event> evs = List.of(
                Ev.proc(Ev.NOW).s("FileName", "procdump64.exe").s("ProcessCommandLine", "procdump -ma lsass.exe").build(),
                Ev.file(Ev.NOW).s("FileName", "lsass.dmp").s("ActionType", "FileCreated").build(),
                Ev.net(Ev.NOW).s("RemoteUrl", "LSASS.example").build());
        assertEquals(List.of("DeviceProcessEvents|procdump64.exe", "DeviceFileEvents|lsass.dmp"),
                Rows.of(Q.run("search in (DeviceProcessEvents, DeviceFileEvents) \"lsass\" | project ['$table'], FileName",
                        evs.toArray(new dev.hookline.schema.Event[0]))));
        assertEquals(List.of("DeviceFileEvents"), Rows.of(Q.run("search \"lsass\" and ActionType:\"FileCreated\""
                + " | project ['$table']", evs.toArray(new dev.hookline.schema.Event[0]))));
        assertEquals(List.of("procdump64.exe"), Rows.of(Q.run("DeviceProcessEvents | search \"*dump*\" | project FileName",
                evs.toArray(new dev.hookline.schema.Event[0]))));
        assertEquals(List.of("DeviceNetworkEvents"), Rows.of(Q.run("search kind=case_sensitive \"LSASS*\""
                + " | project ['$table']", evs.toArray(new dev.hookline.schema.Event[0]))));
    }

    @Test
    void streamingRefusalsNameTheOperator() {
        for (String[] c : new String[][] {
                {"DeviceProcessEvents | getschema", "'getschema'"},
                {"DeviceProcessEvents | top-nested 1 of FileName by count()", "'top-nested'"},
                {"DeviceProcessEvents | serialize n = row_number()", "'serialize'"},
                {"DeviceProcessEvents | lookup (DeviceNetworkEvents) on DeviceId", "'lookup'"},
                {"print 1", "'print'"},
                {"datatable(a:long)[1]", "'datatable'"}}) {
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(c[0]).streaming(), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("streaming"), c[0] + " -> "
                    + e.getMessage());
        }
    }
}
