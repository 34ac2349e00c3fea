package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** union's options, as, project-reorder and project-keep. */
class UnionAndProjectionOperatorsTest {
    private static final Event PROC = Ev.proc(Ev.NOW).s("DeviceName", "pc1").s("FileName", "curl").build();
    private static final Event NET = Ev.net(Ev.NOW).s("DeviceName", "pc2").s("RemoteIP", "1.2.3.4").build();

    @Test
    void withsourceAddsAFirstColumnNamingEachInput() {
        ResultTable r = Q.run("union withsource=Src DeviceProcessEvents, (DeviceNetworkEvents | where RemoteIP != '')"
                + " | project Src, DeviceName", PROC, NET);
        assertEquals(List.of("DeviceProcessEvents|pc1", "DeviceNetworkEvents|pc2"), Rows.of(r));
        assertEquals("Src", Q.run("union withsource=Src DeviceProcessEvents, DeviceNetworkEvents").columnNames().get(0));
        // inputs that read no single table are named by their let name, else union_argN
        assertEquals(List.of("A|1", "union_arg1|2"), Rows.run(
                "let A = print x = 1; union withsource=S A, (print x = 2)"));
    }

    @Test
    void isfuzzyLeavesOutTablesThatDoNotExistAndWarns() {
        CompiledQuery q = Kql.compile("union isfuzzy=true DeviceProcessEvents, SecurityEvent, SigninLogs | count");
        assertEquals(List.of("1"), Rows.of(q.run(new MemorySource(List.of(PROC, NET)), Ev.NOW)));
        assertTrue(q.warnings().toString().contains("'SecurityEvent'"), q.warnings().toString());
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile("union DeviceProcessEvents, SecurityEvent"));
        assertTrue(e.getMessage().contains("SecurityEvent"), e.getMessage());
        assertThrows(KqlException.class, () -> Kql.compile("union isfuzzy=true SecurityEvent"));
    }

    @Test
    void kindInnerKeepsOnlyTheColumnsEveryInputHas() {
        assertEquals("a,c", Rows.columns("union kind=inner (print a = 1, b = 2, c = 3), (print c = 4, a = 5)"));
        assertEquals(List.of("1|3", "5|4"), Rows.run("union kind=inner (print a = 1, b = 2, c = 3), (print c = 4, a = 5)"));
        assertEquals("a,b,c", Rows.columns("union kind=outer (print a = 1, b = 2), (print c = 4, a = 5)"));
    }

    @Test
    void unionOperatorAcceptsLetNamesAndWildcardTables() {
        ResultTable r = Q.run("let P = DeviceProcessEvents | project DeviceName; let N = DeviceNetworkEvents"
                + " | project DeviceName; P | union N | sort by DeviceName asc", PROC, NET);
        assertEquals(List.of("pc1", "pc2"), Rows.of(r));
        assertEquals(List.of("2"), Rows.of(Q.run("union withsource=T Device*Events | where T in ("
                + "'DeviceProcessEvents', 'DeviceNetworkEvents') | count", PROC, NET)));
    }

    @Test
    void streamingArmsCarryTheWithsourceValue() {
        StreamingQuery sq = Kql.compile("union withsource=Src DeviceProcessEvents, DeviceNetworkEvents"
                + " | where DeviceName startswith 'pc'").streaming();
        List<String> got = new ArrayList<>();
        for (Event e : List.of(PROC, NET)) {
            sq.accept(e, Ev.NOW, (arm, ev, row) -> got.add(String.valueOf(row[arm.outputColumns().indexOf("Src")])));
        }
        assertEquals(List.of("DeviceProcessEvents", "DeviceNetworkEvents"), got);
    }

    @Test
    void asNamesThePipelineForLaterReference() {
        assertEquals(List.of("3"), Rows.run("range x from 1 to 3 step 1 | as R | join kind=inner R on x | count"));
        assertEquals(List.of("R|1", "R|2"), Rows.run(
                "union withsource=S (range x from 1 to 2 step 1 | as R) | project S, x"));
    }

    @Test
    void projectReorderMovesNamedColumnsFirstAndSortsWildcardMatchesOnRequest() {
        String base = "print c2 = 2, b = 'x', c1 = 1, a = true";
        assertEquals("a,c2,b,c1", Rows.columns(base + " | project-reorder a"));
        assertEquals("c2,c1,b,a", Rows.columns(base + " | project-reorder c*"));
        assertEquals("c1,c2,b,a", Rows.columns(base + " | project-reorder c* asc"));
        assertEquals("a,c2,c1,b", Rows.columns(base + " | project-reorder a, c* desc"));
        assertEquals(List.of("true|2|x|1"), Rows.run(base + " | project-reorder a"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(base + " | project-reorder zz")).getMessage()
                .contains("unknown column 'zz'"));
    }

    @Test
    void projectKeepAndWildcardProjectAwayKeepInputOrder() {
        String base = "print c2 = 2, b = 'x', c1 = 1, a = true";
        assertEquals("c2,c1,a", Rows.columns(base + " | project-keep a, c*"));
        assertEquals("b,a", Rows.columns(base + " | project-away c*"));
        assertEquals("c2,b,c1", Rows.columns(base + " | project-away *a*"));
        assertEquals("b", Rows.columns(base + " | project-away c*, a"));
    }

    @Test
    void reorderAndKeepStream() {
        StreamingQuery sq = Kql.compile("DeviceProcessEvents | project-keep FileName, Device* | project-reorder FileName")
                .streaming();
        List<List<String>> cols = new ArrayList<>();
        sq.accept(PROC, Ev.NOW, (arm, ev, row) -> cols.add(new ArrayList<>(arm.outputColumns())));
        assertEquals(List.of(List.of("FileName", "DeviceId", "DeviceName")), cols);
    }
}
