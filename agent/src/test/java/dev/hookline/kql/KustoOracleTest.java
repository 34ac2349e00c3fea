package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Microsoft's analyzer, asked about Hookline's own schema, agrees with Hookline on what a query means. */
class KustoOracleTest {
    private static KustoOracle oracle;

    @BeforeAll
    static void findOracle() {
        KustoOracle.Found f = KustoOracle.find();
        if (f.oracle() == null) {
            System.out.println("KustoOracleTest skipped: " + f.reason());
        }
        Assumptions.assumeTrue(f.oracle() != null, f.reason());
        oracle = f.oracle();
    }

    @Test
    void everyTableReadsAsTheSameColumnsAndTypesForBoth() {
        List<String> queries = new ArrayList<>();
        for (Table t : Table.values()) {
            queries.add(t.name() + " | take 1");
        }
        List<KustoOracle.Verdict> verdicts = oracle.analyze(queries);
        for (int i = 0; i < queries.size(); i++) {
            KustoOracle.Verdict v = verdicts.get(i);
            assertTrue(v.accepted(), queries.get(i) + ": " + v.diagnostics());
            ResultTable r = Kql.compile(queries.get(i)).run(new MemorySource(List.of()), Ev.NOW);
            assertEquals(v.columns(), PublishedHuntingQueriesTest.columns(r), queries.get(i));
        }
    }

    @Test
    void sentinelsColumnsAreKnownToTheAnalyzerWithTheirTypes() {
        String q = "DeviceNetworkEvents | where TimeGenerated > ago(1d) | summarize n = count() by MachineGroup, TenantId,"
                + " SourceSystem, Type, Day = bin(TimeGenerated, 1d)";
        KustoOracle.Verdict v = oracle.analyze(q);
        assertTrue(v.accepted(), v.diagnostics().toString());
        ResultTable r = Kql.compile(q).run(CorpusEvents.source(), CorpusEvents.NOW);
        assertEquals(v.columns(), PublishedHuntingQueriesTest.columns(r));
    }

    @Test
    void aUnionOfTheTablesCountsRowsByTypeAsSentinelDoes() {
        String q = "union DeviceProcessEvents, DeviceFileEvents | where TimeGenerated > ago(1h) | summarize count() by Type";
        KustoOracle.Verdict v = oracle.analyze(q);
        assertTrue(v.accepted(), v.diagnostics().toString());
        ResultTable r = Kql.compile(q).run(CorpusEvents.source(), CorpusEvents.NOW);
        assertEquals(v.columns(), PublishedHuntingQueriesTest.columns(r));
        List<String> rows = new ArrayList<>();
        for (Object[] row : r.rows()) {
            rows.add(row[0] + "=" + row[1]);
        }
        rows.sort(null);
        assertEquals(List.of("DeviceFileEvents=5", "DeviceProcessEvents=11"), rows);
    }

    @Test
    void aQueryBothRejectIsRejectedAtTheSameLine() {
        String[] bad = {
            "DeviceProcessEvents\n| where NoSuchColumn == 1",
            "DeviceFileEvents\n| where FileName ==",
            "DeviceProcessEvents\n| project FileName\n| where FolderPath has 'x'",
        };
        List<KustoOracle.Verdict> verdicts = oracle.analyze(List.of(bad));
        for (int i = 0; i < bad.length; i++) {
            KustoOracle.Verdict v = verdicts.get(i);
            assertFalse(v.accepted(), bad[i]);
            KustoOracle.Diagnostic d = v.firstError();
            assertNotNull(d);
            String q = bad[i];
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(q));
            assertEquals(d.line(), e.line(), q + "\nanalyzer: " + d + "\nhookline: " + e.getMessage());
        }
    }

    @Test
    void theSchemaGivenToTheAnalyzerIsHooklinesTablesThenSentinelsColumns() {
        String json = KustoOracle.schemaJson();
        assertTrue(json.contains("{\"name\":\"DeviceProcessEvents\",\"columns\":[{\"name\":\"Timestamp\",\"type\":\"datetime\"}"),
                json);
        assertTrue(json.contains("{\"name\":\"RemotePort\",\"type\":\"int\"}"), json);
        assertTrue(json.contains("{\"name\":\"TimeGenerated\",\"type\":\"datetime\"},{\"name\":\"SourceSystem\""), json);
    }
}
