package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** datatable, print, range, getschema and externaldata. */
class SourcesWithoutTablesTest {
    @TempDir
    Path dir;

    @Test
    void datatableHoldsTypedRowsAndWidensNumbers() {
        String q = "datatable(Name:string, Size:long, Score:real, Ok:bool, At:datetime, Took:timespan)"
                + " ['a', 1, 2, true, datetime(2024-05-01), 90s, 'b', long(null), 0.5, false, datetime(null), 1h,]";
        assertEquals(List.of("a|1|2.0|true|2024-05-01T00:00:00Z|PT1M30S", "b|~|0.5|false|~|PT1H"), Rows.run(q));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("datatable(a:long, b:long) [1, 2, 3]"))
                .getMessage().contains("not a multiple"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("datatable(a:long) ['x']")).getMessage()
                .contains("column 'a' is long"));
    }

    @Test
    void printNamesUnnamedColumnsPrintN() {
        assertEquals("x,print_0,print_1", Rows.columns("print x = 1, 'two', 3 * 2"));
        assertEquals(List.of("1|two|6"), Rows.run("print x = 1, 'two', 3 * 2"));
    }

    @Test
    void rangeCountsUpOrDownOverNumbersAndTime() {
        assertEquals(List.of("1", "4", "7", "10"), Rows.run("range n from 1 to 10 step 3"));
        assertEquals(List.of("3", "2", "1"), Rows.run("range n from 3 to 1 step -1"));
        assertEquals(List.of(), Rows.run("range n from 5 to 1 step 1"));
        assertEquals(List.of("2024-01-01T00:00:00Z", "2024-01-01T12:00:00Z", "2024-01-02T00:00:00Z"),
                Rows.run("range t from datetime(2024-01-01) to datetime(2024-01-02) step 12h"));
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile("range n from 1 to 5000000 step 1",
                KqlOptions.DEFAULT.withRowBudget(1000)).run(new MemorySource(List.of()), Ev.NOW));
        assertTrue(e.getMessage().contains("row budget"), e.getMessage());
    }

    @Test
    void getschemaDescribesColumnsWithDotNetAndKustoTypes() {
        assertEquals(List.of("s|0|System.String|string", "n|1|System.Int64|long", "i|2|System.Int32|int",
                        "r|3|System.Double|real", "b|4|System.SByte|bool", "t|5|System.DateTime|datetime",
                        "d|6|System.TimeSpan|timespan", "y|7|System.Object|dynamic"),
                Rows.run("print s = 'a', n = 1, i = toint(1), r = 1.5, b = true, t = now(), d = 1s, y = dynamic([1])"
                        + " | getschema"));
        assertEquals("ColumnName,ColumnOrdinal,DataType,ColumnType", Rows.columns("DeviceProcessEvents | getschema"));
    }

    @Test
    void externaldataReadsLocalCsvTsvTxtAndJson() throws IOException {
        Path csv = Files.writeString(dir.resolve("iocs.csv"), "Hash,Score,Note\n"
                + "abc,5,\"has, comma\"\n\"def\",7,\"two\nlines\"\nghi,x,\n", StandardCharsets.UTF_8);
        String cols = "(Hash:string, Score:long, Note:string)";
        assertEquals(List.of("abc|5|has, comma", "def|7|two\nlines", "ghi|~|"), Rows.run("externaldata " + cols
                + " [@'" + csv + "'] with (format='csv', ignoreFirstRecord=true)"));
        assertEquals(4, Rows.run("externaldata " + cols + " ['" + csv.toUri() + "']").size());
        Path tsv = Files.writeString(dir.resolve("a.tsv"), "x\t1\ny\t2\n");
        assertEquals(List.of("x|1", "y|2"), Rows.run("externaldata (a:string, b:long) [h@'" + tsv
                + "'] with (format=tsv)"));
        Path txt = Files.writeString(dir.resolve("a.txt"), "evil.example\nbad.example\n");
        assertEquals(List.of("evil.example", "bad.example"), Rows.run("externaldata (Domain:string) ['" + txt
                + "'] with (format='txt')"));
        Path json = Files.writeString(dir.resolve("a.json"), "{\"Name\":\"a\",\"N\":1}\n{\"N\":2,\"Name\":\"b\"}\n");
        assertEquals(List.of("a|1", "b|2"), Rows.run("externaldata (Name:string, N:long) ['" + json
                + "'] with (format='multijson')"));
        Path arr = Files.writeString(dir.resolve("b.json"), "[{\"Name\":\"c\",\"N\":3}, {\"Name\":\"d\"}]");
        assertEquals(List.of("c|3", "d|~"), Rows.run("externaldata (Name:string, N:long) ['" + arr
                + "'] with (format='json')"));
    }

    @Test
    void externaldataUsedAsASetForIn() throws IOException {
        Path txt = Files.writeString(dir.resolve("bad.txt"), "curl\nwget\n");
        ResultTable r = Q.run("let Bad = externaldata (Name:string) ['" + txt + "'] with (format='txt');"
                        + " DeviceProcessEvents | where FileName in (Bad) | project FileName",
                Ev.proc(Ev.NOW).s("FileName", "curl").build(), Ev.proc(Ev.NOW).s("FileName", "ls").build());
        assertEquals(List.of("curl"), Rows.of(r));
    }

    @Test
    void remoteUrisAreRefusedUnlessAllowed() throws IOException {
        String q = "externaldata (Name:string) ['http://127.0.0.1:%d/list.txt'] with (format='txt')";
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(String.format(q, 9)));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("no outbound"), e.getMessage());
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("externaldata (a:string) "
                + "['https://acct.blob.core.windows.net/c/x.csv;SECRETKEY']")).getMessage().indexOf("SECRETKEY") < 0);
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("externaldata (a:string) ['s3://b/k']"))
                .getMessage().contains("only local paths"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/list.txt", ex -> {
            byte[] body = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            CompiledQuery cq = Kql.compile(String.format(q, server.getAddress().getPort()),
                    KqlOptions.DEFAULT.withRemoteExternalData(true));
            assertEquals(List.of("one", "two"), Rows.of(cq.run(new MemorySource(List.of()), Ev.NOW)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void localFilesCanBeTurnedOff() throws IOException {
        Path txt = Files.writeString(dir.resolve("x.txt"), "a\n");
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile("externaldata (a:string) ['" + txt + "']",
                KqlOptions.DEFAULT.withLocalExternalData(false)));
        assertTrue(e.getMessage().contains("local files is disabled"), e.getMessage());
    }

    @Test
    void missingFilesAndBadFormatsAreClearErrors() {
        KqlException e = assertThrows(KqlException.class, () -> Rows.run("externaldata (a:string) ['"
                + dir.resolve("nope.csv") + "']"));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("externaldata (a:string) ['/x'] with"
                + " (format='parquet')")).getMessage().contains("format 'parquet'"));
    }

    @Test
    void sourcesWithoutTablesDoNotStream() {
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile("range x from 1 to 2 step 1").streaming());
        assertTrue(e.getMessage().contains("'range' cannot run in streaming"), e.getMessage());
    }
}
