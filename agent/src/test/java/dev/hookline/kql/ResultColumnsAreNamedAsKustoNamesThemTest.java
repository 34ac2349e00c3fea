package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Columns nobody named get Kusto's names and types, so an analyst's next step finds them. Each expectation was
 * Microsoft's analyzer's answer; {@link #everyExpectationIsTheAnalyzersAnswer} asks it again where node is installed.
 */
class ResultColumnsAreNamedAsKustoNamesThemTest {
    private record Case(String query, String schema) {
    }

    private static final List<Case> CASES = List.of(
            new Case("DeviceProcessEvents | summarize count(), any(FileName), any(FileName), take_any(FileName),"
                    + " dcount(FileName), make_set(FileName), make_list(FileName), countif(FileSize > 1), avg(FileSize),"
                    + " sum(FileSize), min(Timestamp), max(Timestamp) by DeviceName",
                    "DeviceName:string, count_:long, any_FileName:string, any_FileName1:string, FileName:string,"
                    + " dcount_FileName:long, set_FileName:dynamic, list_FileName:dynamic, countif_:long,"
                    + " avg_FileSize:real, sum_FileSize:long, min_Timestamp:datetime, max_Timestamp:datetime"),
            new Case("DeviceProcessEvents | summarize count() by bin(Timestamp, 1h), tolower(FileName)",
                    "Timestamp:datetime, Column1:string, count_:long"),
            new Case("DeviceProcessEvents | summarize count() by tolower(FileName), toupper(FileName)",
                    "Column1:string, Column2:string, count_:long"),
            new Case("DeviceProcessEvents | summarize any(tolower(FileName)), dcount(tolower(FileName)), count()"
                    + " by bin(Timestamp, 1h), bin(Timestamp, 1d)",
                    "Timestamp:datetime, Timestamp1:datetime, any_:string, dcount_:long, count_:long"),
            new Case("DeviceProcessEvents | summarize count(), count() by DeviceName",
                    "DeviceName:string, count_:long, count_1:long"),
            new Case("DeviceProcessEvents | summarize count_ = count(), count() by DeviceName",
                    "DeviceName:string, count_:long, count_1:long"),
            new Case("DeviceProcessEvents | summarize make_set(FileName), make_set(FileName), make_set(FileName)"
                    + " by DeviceName",
                    "DeviceName:string, set_FileName:dynamic, set_FileName1:dynamic, set_FileName2:dynamic"),
            new Case("DeviceProcessEvents | summarize max(FileSize), max(FileSize), min(FileSize) by DeviceName",
                    "DeviceName:string, max_FileSize:long, max_FileSize1:long, min_FileSize:long"),
            new Case("DeviceProcessEvents | summarize count() by FileName | summarize count() by count_",
                    "count_:long, count_1:long"),
            new Case("DeviceProcessEvents | summarize n = count() by DeviceName, bin(FileSize, 100)",
                    "DeviceName:string, FileSize:long, n:long"),
            new Case("DeviceProcessEvents | summarize count() by floor(Timestamp, 1d)", "Timestamp:datetime, count_:long"),
            new Case("DeviceNetworkEvents | summarize sum(RemotePort), avg(RemotePort), max(RemotePort) by RemoteIP",
                    "RemoteIP:string, sum_RemotePort:long, avg_RemotePort:real, max_RemotePort:int"),
            new Case("DeviceProcessEvents | summarize take_any(tolower(FileName)) by DeviceName",
                    "DeviceName:string, any_arg0:string"),
            new Case("DeviceProcessEvents | distinct FileName, tolower(DeviceName)", "FileName:string, Column1:string"),
            new Case("DeviceProcessEvents | summarize by DeviceName, tolower(DeviceName)",
                    "DeviceName:string, Column1:string"),
            new Case("DeviceProcessEvents | extend tolower(FileName), toupper(FileName) | project Column1, Column2",
                    "Column1:string, Column2:string"),
            new Case("DeviceProcessEvents | extend Column1 = 1 | extend tolower(FileName) | project Column1, Column2",
                    "Column1:long, Column2:string"),
            new Case("DeviceProcessEvents | project FileName, tolower(FileName), x = 1, 2, strcat(FileName, 'x')",
                    "FileName:string, Column1:string, x:long, Column2:long, Column3:string"),
            new Case("DeviceProcessEvents | project Column1 = FileName, tolower(FileName)",
                    "Column1:string, Column11:string"),
            new Case("DeviceProcessEvents | summarize count() by bin(Timestamp, 1h) | extend tolower('a')",
                    "Timestamp:datetime, count_:long, Column1:string"),
            new Case("DeviceProcessEvents | extend FileName = tolower(FileName) | project FileName", "FileName:string"),
            new Case("DeviceProcessEvents | project a = 1, a2 = now(), ago(1h), Timestamp - ago(1h)",
                    "a:long, a2:datetime, Column1:datetime, Column2:timespan"),
            new Case("DeviceProcessEvents | project-rename F = FileName | project F", "F:string"),
            new Case("DeviceProcessEvents | count", "Count:long"),
            new Case("DeviceProcessEvents | summarize dcount(DeviceName), sum(ProcessId)",
                    "dcount_DeviceName:long, sum_ProcessId:long"),
            new Case("DeviceNetworkEvents | top 3 by RemotePort | project RemotePort, LocalPort",
                    "RemotePort:int, LocalPort:int"),
            new Case("DeviceFileEvents | summarize Files = make_set(FileName), count() by bin(Timestamp, 10m), DeviceId",
                    "Timestamp:datetime, DeviceId:string, Files:dynamic, count_:long"),
            new Case("union DeviceProcessEvents, DeviceNetworkEvents | summarize count() by Type, DeviceName",
                    "Type:string, DeviceName:string, count_:long"),
            // several columns from one aggregate: arg_max / arg_min / any / take_any, percentiles
            new Case("DeviceNetworkEvents | project DeviceName, Timestamp, RemotePort, RemoteIP"
                    + " | summarize arg_max(Timestamp, *) by DeviceName",
                    "DeviceName:string, Timestamp:datetime, RemotePort:int, RemoteIP:string"),
            new Case("DeviceNetworkEvents | project DeviceName, Timestamp, RemotePort"
                    + " | summarize arg_min(RemotePort, *, DeviceName) by bin(Timestamp, 1h)",
                    "Timestamp:datetime, RemotePort:int, DeviceName:string, Timestamp1:datetime"),
            new Case("DeviceNetworkEvents | summarize arg_max(Timestamp, RemotePort, RemoteIP), arg_min(Timestamp,"
                    + " RemotePort) by DeviceName",
                    "DeviceName:string, Timestamp:datetime, RemotePort:int, RemoteIP:string, Timestamp1:datetime,"
                    + " RemotePort1:int"),
            new Case("DeviceNetworkEvents | summarize arg_max(RemotePort + 1, RemoteIP), arg_max(Timestamp,"
                    + " strlen(RemoteIP), RemotePort * 2) by DeviceName",
                    "DeviceName:string, max_:long, RemoteIP:string, Timestamp:datetime, strlen_RemoteIP:long,"
                    + " max_Timestamp_arg2:long"),
            new Case("DeviceNetworkEvents | summarize (t, port) = arg_max(Timestamp, RemotePort), x = arg_min(Timestamp,"
                    + " RemoteIP) by DeviceName",
                    "DeviceName:string, t:datetime, port:int, x:datetime, RemoteIP:string"),
            new Case("DeviceNetworkEvents | project DeviceName, RemotePort, RemoteIP | summarize any(RemotePort,"
                    + " RemoteIP), take_any(RemotePort, RemoteIP), any(*) by DeviceName",
                    "DeviceName:string, any_RemotePort:int, any_RemoteIP:string, RemotePort:int, RemoteIP:string,"
                    + " any_RemotePort1:int, any_RemoteIP1:string"),
            new Case("DeviceNetworkEvents | summarize percentiles(RemotePort, 50, 95.5), percentile(RemotePort, 5),"
                    + " percentiles_array(RemotePort, 10, 90), (p1, p2) = percentiles(LocalPort, 1, 2)",
                    "percentile_RemotePort_50:long, percentile_RemotePort_95_5:long, percentile_RemotePort_5:long,"
                    + " percentiles_RemotePort:dynamic, p1:long, p2:long"),
            new Case("DeviceNetworkEvents | summarize count_distinct(RemoteIP), dcountif(RemoteIP, RemotePort > 1),"
                    + " stdev(RemotePort), variance(RemotePort), stdevp(RemotePort), variancep(RemotePort),"
                    + " minif(RemotePort, LocalPort > 1), maxif(RemotePort, LocalPort > 1), sumif(RemotePort,"
                    + " LocalPort > 1), avgif(RemotePort, LocalPort > 1), take_anyif(RemoteIP, LocalPort > 1),"
                    + " make_list_with_nulls(RemoteIP), stdevif(RemotePort, LocalPort > 1), count_distinctif(RemoteIP,"
                    + " LocalPort > 1)",
                    "count_distinct_RemoteIP:long, dcountif_RemoteIP:long, stdev_RemotePort:real,"
                    + " variance_RemotePort:real, stdevp_RemotePort:real, variancep_RemotePort:real,"
                    + " minif_RemotePort:int, maxif_RemotePort:int, sumif_RemotePort:long, avgif_RemotePort:real,"
                    + " RemoteIP:string, list_RemoteIP:dynamic, stdevif_RemotePort:real,"
                    + " count_distinctif_RemoteIP:long"));

    @Test
    void hooklineNamesAndTypesEveryResultColumnAsKustoDoes() {
        List<String> wrong = new ArrayList<>();
        for (Case c : CASES) {
            ResultTable r = Kql.compile(c.query()).run(CorpusEvents.source(), CorpusEvents.NOW);
            String got = PublishedHuntingQueriesTest.columns(r).toString().replaceAll("^\\[|\\]$", "");
            if (!got.equals(c.schema())) {
                wrong.add(c.query() + "\n  want " + c.schema() + "\n  got  " + got);
            }
        }
        assertEquals("", String.join("\n", wrong));
    }

    @Test
    void aNameWrittenTwiceIsStillAnError() {
        for (String q : new String[] {"DeviceProcessEvents | project FileName, FileName",
            "DeviceProcessEvents | summarize count() by FileName, FileName",
            "DeviceProcessEvents | summarize n = count(), n = dcount(FileName) by DeviceName"}) {
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(q), q);
            assertTrue(e.getMessage().contains("duplicate column name"), e.getMessage());
        }
    }

    @Test
    void everyExpectationIsTheAnalyzersAnswer() {
        KustoOracle.Found f = KustoOracle.find();
        if (f.oracle() == null) {
            System.out.println("everyExpectationIsTheAnalyzersAnswer skipped: " + f.reason());
        }
        Assumptions.assumeTrue(f.oracle() != null, f.reason());
        List<KustoOracle.Verdict> verdicts = f.oracle().analyze(CASES.stream().map(Case::query).toList());
        for (int i = 0; i < CASES.size(); i++) {
            KustoOracle.Verdict v = verdicts.get(i);
            assertTrue(v.accepted(), CASES.get(i).query() + ": " + v.diagnostics());
            assertEquals(CASES.get(i).schema(), v.columns().toString().replaceAll("^\\[|\\]$", ""), CASES.get(i).query());
        }
        assertFalse(f.oracle().analyze("DeviceProcessEvents | project FileName, FileName").accepted());
    }
}
