package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Tabular lets inside expressions (in, has_any, toscalar), materialize, and user-defined functions. */
class SubqueriesAndFunctionsTest {
    private static final List<Event> EVENTS = List.of(
            Ev.proc(Ev.NOW).s("DeviceName", "pc1").s("FileName", "cmd.exe").s("ProcessCommandLine", "cmd /c whoami").build(),
            Ev.proc(Ev.NOW).s("DeviceName", "pc2").s("FileName", "notepad.exe").s("ProcessCommandLine", "notepad a.txt").build(),
            Ev.net(Ev.NOW).s("DeviceName", "pc1").s("RemoteIP", "1.1.1.1").build(),
            Ev.net(Ev.NOW).s("DeviceName", "pc2").s("RemoteIP", "2.2.2.2").build(),
            Ev.net(Ev.NOW).s("DeviceName", "pc3").s("RemoteIP", "3.3.3.3").build());

    private static List<String> run(String q) {
        return Rows.of(Kql.compile(q).run(new MemorySource(EVENTS), Ev.NOW));
    }

    @Test
    void inAndNotInTakeATabularLetOrAParenthesisedQuery() {
        String let = "let Shells = DeviceProcessEvents | where FileName == 'cmd.exe' | project DeviceName;\n";
        assertEquals(List.of("1.1.1.1"), run(let + "DeviceNetworkEvents | where DeviceName in (Shells) | project RemoteIP"));
        assertEquals(List.of("2.2.2.2", "3.3.3.3"),
                run(let + "DeviceNetworkEvents | where DeviceName !in (Shells) | project RemoteIP"));
        assertEquals(List.of("1.1.1.1", "3.3.3.3"), run("DeviceNetworkEvents | where DeviceName in~ ("
                + "(DeviceProcessEvents | where FileName == 'cmd.exe' | project toupper(DeviceName)), 'PC3')"
                + " | project RemoteIP"));
    }

    @Test
    void hasAnyAndHasAllTakeATabularLet() {
        String let = "let Words = datatable(w:string) ['whoami', 'ipconfig'];\n";
        assertEquals(List.of("cmd.exe"), run(let + "DeviceProcessEvents | where ProcessCommandLine has_any (Words)"
                + " | project FileName"));
        assertEquals(List.of(), run(let + "DeviceProcessEvents | where ProcessCommandLine has_all (Words)"));
        // an empty set: has_any matches nothing
        assertEquals(List.of(), run("let None = datatable(w:string) []; DeviceProcessEvents"
                + " | where ProcessCommandLine has_any (None)"));
    }

    @Test
    void aSetBuiltWithMakeSetIsFlattened() {
        assertEquals(List.of("1.1.1.1", "2.2.2.2"), run("let Hosts = DeviceProcessEvents | summarize make_set(DeviceName);"
                + " DeviceNetworkEvents | where DeviceName in (Hosts) | project RemoteIP"));
    }

    @Test
    void ofSeveralColumnsTheFirstIsTheSet() {
        assertEquals(List.of("1.1.1.1", "2.2.2.2"), run("DeviceNetworkEvents | where DeviceName in"
                + " ((DeviceProcessEvents | project DeviceName, FileName)) | project RemoteIP"));
        assertEquals(List.of("cmd.exe"), run("let Tools = datatable(Os:string, Name:string) ['cmd', 'Windows'];"
                + " DeviceProcessEvents | where FileName has_any (Tools) | project FileName"));
    }

    @Test
    void toscalarReadsTheFirstCellAndMayBeALet() {
        assertEquals(List.of("3|true"), run("let n = toscalar(DeviceNetworkEvents | count); print n, n > 2"));
        assertEquals(List.of("pc3"), run("DeviceNetworkEvents | where RemoteIP == toscalar(DeviceNetworkEvents"
                + " | summarize max(RemoteIP)) | project DeviceName"));
        assertEquals(List.of("~"), run("print toscalar(DeviceNetworkEvents | where RemoteIP == 'none' | project RemotePort)"));
    }

    @Test
    void subqueriesDoNotStream() {
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile("let S = DeviceProcessEvents | project DeviceName;"
                + " DeviceNetworkEvents | where DeviceName in (S)").streaming());
        assertTrue(e.getMessage().contains("cannot run in streaming"), e.getMessage());
    }

    @Test
    void aSubqueryOverConstantsStreams() {
        StreamingQuery sq = Kql.compile("let Bad = datatable(n:string) ['cmd.exe', 'psexec.exe'];"
                + " DeviceProcessEvents | where FileName in~ (Bad) | where FileName has_any (Bad)").streaming();
        List<String> hits = new ArrayList<>();
        for (Event e : EVENTS) {
            sq.accept(e, Ev.NOW, (arm, ev, row) -> hits.add(String.valueOf(row[arm.outputColumns().indexOf("FileName")])));
        }
        assertEquals(List.of("cmd.exe"), hits);
    }

    @Test
    void materializeReadsItsTablesOncePerRun() {
        int[] scans = {0};
        TableSource counting = new TableSource() {
            @Override
            public void scan(Table table, Consumer<Event> consumer) {
                scans[0]++;
                new MemorySource(EVENTS).scan(table, consumer);
            }
        };
        CompiledQuery q = Kql.compile("let M = materialize(DeviceNetworkEvents | project DeviceName);"
                + " M | join kind=inner M on DeviceName | union M | count");
        assertEquals(List.of("6"), Rows.of(q.run(counting, Ev.NOW)));
        assertEquals(1, scans[0]);
        assertEquals(List.of("6"), Rows.of(q.run(counting, Ev.NOW))); // a second run reads afresh
        assertEquals(2, scans[0]);
    }

    @Test
    void scalarFunctionsBindParametersAndDefaults() {
        assertEquals(List.of("cmd.exe!|cmd.exe?"), run("let bang = (s:string, mark:string = '!') { strcat(s, mark) };"
                + " DeviceProcessEvents | where FileName == 'cmd.exe' | project bang(FileName), bang(FileName, '?')"));
        assertEquals(List.of("7"), run("let add = (a:long, b:long) { let c = a + b; c };"
                + " print add(3, 4)"));
        // the body sees its parameter, not a column of the same name
        assertEquals(List.of("X"), run("let f = (FileName:string) { FileName };"
                + " DeviceProcessEvents | take 1 | project f('X')"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("let f = (a:long) { a }; print f()"))
                .getMessage().contains("needs a value for parameter 'a'"));
    }

    @Test
    void tabularFunctionsTakeTablesScalarsAndInvoke() {
        String g = "let firstN = (T:(FileName:string), n:long = 1) { T | project FileName | take n };\n";
        assertEquals(List.of("cmd.exe", "notepad.exe"), run(g + "firstN(DeviceProcessEvents, 2)"));
        assertEquals(List.of("cmd.exe"), run(g + "DeviceProcessEvents | invoke firstN()"));
        assertEquals(List.of("cmd.exe", "notepad.exe"), run(g + "DeviceProcessEvents | invoke firstN(5)"));
        String h = "let shells = () { DeviceProcessEvents | where FileName == 'cmd.exe' };\n";
        assertEquals(List.of("pc1"), run(h + "shells | project DeviceName"));
        assertEquals(List.of("pc1"), run(h + "shells() | project DeviceName"));
        assertEquals(List.of("pc1"), run("let v = view () { DeviceProcessEvents | where FileName == 'cmd.exe' };"
                + " v | project DeviceName"));
        assertEquals(List.of("1.1.1.1"), run(h + "DeviceNetworkEvents | where DeviceName in (shells | project DeviceName)"
                + " | project RemoteIP"));
    }

    @Test
    void aFunctionWithoutScalarParametersStreams() {
        StreamingQuery sq = Kql.compile("let shells = () { DeviceProcessEvents | where FileName == 'cmd.exe' }; shells")
                .streaming();
        List<String> hits = new ArrayList<>();
        for (Event e : EVENTS) {
            sq.accept(e, Ev.NOW, (arm, ev, row) -> hits.add(ev.table().name()));
        }
        assertEquals(List.of("DeviceProcessEvents"), hits);
    }

    @Test
    void aFunctionWithScalarParametersStreams() {
        StreamingQuery sq = Kql.compile("let named = (name:string) { DeviceProcessEvents | where FileName == name };"
                + " named('notepad.exe') | project DeviceName").streaming();
        List<Object> hits = new ArrayList<>();
        for (Event e : EVENTS) {
            sq.accept(e, Ev.NOW, (arm, ev, row) -> hits.add(row[0]));
        }
        assertEquals(List.of("pc2"), hits);
    }

    @Test
    void functionMisuseIsNamed() {
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("let f = (s:string) { s }; f"))
                .getMessage().contains("scalar function"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("let g = () { DeviceProcessEvents }; print g()"))
                .getMessage().contains("tabular function"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("let g = (n:long) { DeviceProcessEvents | take n };"
                + " g(1, 2)")).getMessage().contains("takes 1 argument"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("DeviceProcessEvents | invoke nosuch()"))
                .getMessage().contains("unknown tabular function 'nosuch'"));
    }
}
