package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorSemanticsTest {
    private static final String ARM3 = "DeviceFileEvents\n"
            + "| where FolderPath has_any (\".github/workflows\", \".gitlab-ci\")\n"
            + "      or FileName has_any (\"Makefile\", \"pom.xml\") and ActionType in (\"FileModified\", \"FileCreated\")\n"
            + "| project FileName";

    private static Event file(String folder, String name, String action) {
        return Ev.file(Ev.NOW).s("FolderPath", folder).s("FileName", name).s("ActionType", action).build();
    }

    @Test
    void andBindsTighterThanOrInSeedArm3() {
        // left branch alone: a workflow file renamed matches although the right branch's ActionType test fails
        assertEquals(1, Q.run(ARM3, file("/r/.github/workflows/ci.yml", "ci.yml", "FileRenamed")).rows().size());
        // right branch: Makefile needs the ActionType condition
        assertEquals(1, Q.run(ARM3, file("/r/src", "Makefile", "FileModified")).rows().size());
        assertEquals(0, Q.run(ARM3, file("/r/src", "Makefile", "FileRenamed")).rows().size());
        assertEquals(0, Q.run(ARM3, file("/r/src", "other.txt", "FileModified")).rows().size());
    }

    @Test
    void comparisonBindsTighterThanAnd() {
        Event e = Ev.net(Ev.NOW).n("RemotePort", 443).build();
        assertTrue(Q.test("RemotePort > 100 and RemotePort < 1000", e));
        assertTrue(Q.test("true or false and false", e));
        assertFalse(Q.test("(true or false) and false", e));
        assertTrue(Q.test("not(RemotePort == 80) and RemotePort in (443, 8443)", e));
        assertTrue(Q.test("RemotePort between (400 .. 500)", e));
    }

    @Test
    void missingStringIsEmptyAndNullNumbersFollowKustosNullRules() {
        Event e = Ev.net(Ev.NOW).nul("RemotePort").build();
        assertTrue(Q.test("isempty(RemoteUrl)", e));
        assertFalse(Q.test("isnotempty(RemoteUrl)", e));
        assertFalse(Q.test("isnull(RemoteUrl)", e));
        assertTrue(Q.test("RemoteUrl == \"\"", e));
        assertTrue(Q.test("isnull(RemotePort)", e));
        assertTrue(Q.test("isempty(RemotePort)", e));
        assertFalse(Q.test("RemotePort > 5", e));
        assertFalse(Q.test("RemotePort <= 5", e));
        assertFalse(Q.test("RemotePort == 5", e));
        // null-values.md: null != non-null is true; null != null and ordering comparisons are null (dropped).
        assertTrue(Q.test("RemotePort != 5", e));
        assertFalse(Q.test("RemotePort != int(null)", e));
        assertFalse(Q.test("RemotePort == int(null)", e));
        assertFalse(Q.test("not(RemotePort > 5)", e));
        assertFalse(Q.test("RemotePort in (5)", e));
        assertFalse(Q.test("RemotePort !in (5)", e));
        assertFalse(Q.test("bool(null) and true", e));
        assertTrue(Q.test("bool(null) or true", e));
        assertFalse(Q.test("Timestamp > datetime(null)", e));
    }

    @Test
    void everyAgoAndNowUsesTheOneNowPassedIn() {
        Event older = Ev.proc(Ev.NOW - Ev.HOUR).s("FileName", "old").build();
        Event newer = Ev.proc(Ev.NOW - Ev.HOUR + 1).s("FileName", "new").build();
        ResultTable r = Q.run("DeviceProcessEvents | where Timestamp > ago(1h) and Timestamp <= now()"
                + " | extend N = now(), A = ago(0s), D = now() - ago(30m), Later = now(1d) | project FileName, N, A, D, Later",
                older, newer);
        assertEquals(List.of("new"), Q.column(r, "FileName"));
        assertEquals(Times.toInstant(Ev.NOW), Q.column(r, "N").get(0));
        assertEquals(Times.toInstant(Ev.NOW), Q.column(r, "A").get(0));
        assertEquals(Duration.ofMinutes(30), Q.column(r, "D").get(0));
        assertEquals(Times.toInstant(Ev.NOW).plus(Duration.ofDays(1)), Q.column(r, "Later").get(0));
        assertEquals(List.of("datetime", "datetime", "timespan", "datetime"), r.columnTypes().subList(1, 5));
    }

    @Test
    void timespanAndDatetimeLiterals() {
        Event e = Ev.proc(Times.parse("2024-03-01T10:00:00Z")).build();
        assertTrue(Q.test("Timestamp > datetime(2024-03-01) and Timestamp < datetime(2024-03-01 10:00:01)", e));
        assertTrue(Q.test("Timestamp == datetime(2024-03-01T10:00:00Z)", e));
        assertTrue(Q.test("1d == 24h and 1h == 60m and 1m == 60s and 1s == 1000ms and 10s < 1m", e));
        assertTrue(Q.test("timespan(1.00:00:00) == 1d", e));
    }

    @Test
    void sortDefaultsToDescendingWithNullsLastAndAscendingPutsNullsFirst() {
        Event a = Ev.net(Ev.NOW).s("RemoteIP", "a").n("RemotePort", 80).build();
        Event b = Ev.net(Ev.NOW).s("RemoteIP", "b").nul("RemotePort").build();
        Event c = Ev.net(Ev.NOW).s("RemoteIP", "c").n("RemotePort", 443).build();
        assertEquals(List.of("c", "a", "b"), Q.column(Q.run("DeviceNetworkEvents | sort by RemotePort", a, b, c), "RemoteIP"));
        assertEquals(List.of("c", "a", "b"), Q.column(Q.run("DeviceNetworkEvents | order by RemotePort desc", a, b, c), "RemoteIP"));
        assertEquals(List.of("b", "a", "c"), Q.column(Q.run("DeviceNetworkEvents | sort by RemotePort asc", a, b, c), "RemoteIP"));
        assertEquals(List.of("a", "c", "b"),
                Q.column(Q.run("DeviceNetworkEvents | sort by RemotePort asc nulls last", a, b, c), "RemoteIP"));
        Event d = Ev.net(Ev.NOW).s("RemoteIP", "d").n("RemotePort", 80).build();
        assertEquals(List.of("c", "a", "d", "b"),
                Q.column(Q.run("DeviceNetworkEvents | sort by RemotePort desc, RemoteIP asc", a, b, c, d), "RemoteIP"));
        assertEquals(List.of("c", "d", "a", "b"),
                Q.column(Q.run("DeviceNetworkEvents | sort by RemotePort, RemoteIP", a, b, c, d), "RemoteIP"));
    }

    @Test
    void unionIsOuterWithColumnsInOrderOfFirstAppearance() {
        ResultTable r = Q.run("DeviceProcessEvents | project A = FileName, Shared = DeviceName"
                + " | union (DeviceNetworkEvents | project Shared = DeviceName, B = RemoteIP)",
                Ev.proc(Ev.NOW).s("FileName", "f").s("DeviceName", "h1").build(),
                Ev.net(Ev.NOW).s("RemoteIP", "1.2.3.4").s("DeviceName", "h2").build());
        assertEquals(List.of("A", "Shared", "B"), r.columnNames());
        assertEquals(Arrays.asList("f", "h1", null), Arrays.asList(r.rows().get(0)));
        assertEquals(Arrays.asList(null, "h2", "1.2.3.4"), Arrays.asList(r.rows().get(1)));
        ResultTable r2 = Q.run("union DeviceNetworkEvents, (DeviceProcessEvents | where FileName == 'x') | count",
                Ev.proc(Ev.NOW).s("FileName", "x").build(), Ev.proc(Ev.NOW).s("FileName", "y").build(),
                Ev.net(Ev.NOW).build());
        assertEquals(2L, r2.rows().get(0)[0]);
    }

    @Test
    void projectRenamesComputesAndKeepsOrder() {
        ResultTable r = Q.run("DeviceProcessEvents | project Name = FileName, DeviceName, Len = strlen(FileName),"
                + " Upper = toupper(FileName), Both = strcat(FileName, '@', DeviceName)",
                Ev.proc(Ev.NOW).s("FileName", "cmd.exe").s("DeviceName", "h").build());
        assertEquals(List.of("Name", "DeviceName", "Len", "Upper", "Both"), r.columnNames());
        assertEquals(List.of("cmd.exe", "h", 7L, "CMD.EXE", "cmd.exe@h"), Arrays.asList(r.rows().get(0)));
        ResultTable r2 = Q.run("DeviceProcessEvents | project FileName, DeviceName, ProcessId"
                + " | project-away DeviceName | project-rename Pid = ProcessId | extend FileName = tolower(FileName)",
                Ev.proc(Ev.NOW).s("FileName", "CMD.exe").s("DeviceName", "h").n("ProcessId", 42).build());
        assertEquals(List.of("FileName", "Pid"), r2.columnNames());
        assertEquals(List.of("cmd.exe", 42L), Arrays.asList(r2.rows().get(0)));
    }

    @Test
    void summarizeCountsByColumnsInFirstSeenOrder() {
        Event[] evs = {
            Q.proc("FileName", "a"), Q.proc("FileName", "b"), Q.proc("FileName", "a"),
            Ev.proc(Ev.NOW).s("FileName", "a").s("DeviceName", "h").build()
        };
        ResultTable r = Q.run("DeviceProcessEvents | summarize count() by FileName", evs);
        assertEquals(List.of("FileName", "count_"), r.columnNames());
        assertEquals(List.of("string", "long"), r.columnTypes());
        assertEquals(List.of("a", "b"), Q.column(r, "FileName"));
        assertEquals(List.of(3L, 1L), Q.column(r, "count_"));
        ResultTable r2 = Q.run("DeviceProcessEvents | summarize N = count() by FileName, DeviceName | sort by N desc", evs);
        assertEquals(List.of("FileName", "DeviceName", "N"), r2.columnNames());
        assertEquals(List.of(2L, 1L, 1L), Q.column(r2, "N"));
        ResultTable r3 = Q.run("DeviceProcessEvents | where FileName == 'zzz' | summarize count()", evs);
        assertEquals(List.of(0L), Q.column(r3, "count_"));
        ResultTable r4 = Q.run("DeviceProcessEvents | summarize N = count() by FileName | where N > 1", evs);
        assertEquals(List.of("a"), Q.column(r4, "FileName"));
        assertEquals(List.of(4L), Q.column(Q.run("DeviceProcessEvents | count", evs), "Count"));
    }

    @Test
    void takeAndLimitKeepTheFirstRows() {
        Event[] evs = {Q.proc("FileName", "a"), Q.proc("FileName", "b"), Q.proc("FileName", "c")};
        assertEquals(List.of("a", "b"), Q.column(Q.run("DeviceProcessEvents | take 2 | project FileName", evs), "FileName"));
        assertEquals(List.of(), Q.column(Q.run("DeviceProcessEvents | limit 0 | project FileName", evs), "FileName"));
        assertEquals(List.of("c"), Q.column(Q.run("DeviceProcessEvents | top 1 by FileName | project FileName", evs), "FileName"));
    }

    @Test
    void outputTypesMapToJavaTypes() {
        Event e = Ev.net(Times.parse("2024-01-01T00:00:00Z")).n("RemotePort", 443).n("InitiatingProcessId", 7)
                .s("AdditionalFields", "{\"a\":1}").build();
        ResultTable r = Q.run("DeviceNetworkEvents | project Timestamp, RemotePort, InitiatingProcessId, AdditionalFields,"
                + " B = RemotePort > 1, T = 1h, S = tostring(RemotePort), R = RemotePort / 2.0", e);
        assertEquals(List.of("datetime", "int", "long", "dynamic", "bool", "timespan", "string", "real"), r.columnTypes());
        Object[] row = r.rows().get(0);
        assertEquals(java.time.Instant.parse("2024-01-01T00:00:00Z"), row[0]);
        assertEquals(Integer.valueOf(443), row[1]);
        assertEquals(Long.valueOf(7), row[2]);
        assertEquals(java.util.Map.of("a", 1L), row[3]); // a dynamic column is a value (a property bag), not text
        assertEquals(Boolean.TRUE, row[4]);
        assertEquals(Duration.ofHours(1), row[5]);
        assertEquals("443", row[6]);
        assertEquals(221.5, row[7]);
    }

    @Test
    void columnMissingFromTableReadsEmptyWithOneWarning() {
        CompiledQuery q = Kql.compile("DeviceNetworkEvents | where isempty(AccountName) | project AccountName, X = AccountName");
        assertEquals(1, q.warnings().size());
        ResultTable r = q.run(new MemorySource(List.of(Ev.net(Ev.NOW).build())), Ev.NOW);
        assertEquals(Arrays.asList(null, null), Arrays.asList(r.rows().get(0)));
        assertEquals(1, Kql.compile("DeviceNetworkEvents | where AccountName == '' and isempty(AccountName)")
                .run(new MemorySource(List.of(Ev.net(Ev.NOW).build())), Ev.NOW).rows().size());
        CompiledQuery q2 = Kql.compile("DeviceFileEvents | where RemotePort > 1");
        assertEquals(List.of("DeviceFileEvents has no column RemotePort; it reads as empty (Sentinel would reject this query)"),
                q2.warnings());
    }

    @Test
    void predicateForExclusionsUsesTheTablesColumnsAndNow() {
        EventPredicate p = Kql.compilePredicate("FileName =~ 'git' and Timestamp > ago(1h)", Table.DeviceProcessEvents);
        assertTrue(p.test(Q.proc("FileName", "GIT"), Ev.NOW));
        assertFalse(p.test(Q.proc("FileName", "GIT"), Ev.NOW + 2 * Ev.HOUR));
    }
}
