package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonReaderTest {
    private final BadLines bad = new BadLines("test");

    private List<Event> read(String text) throws Exception {
        List<Event> out = new ArrayList<>();
        new EventJsonReader(bad).read(new BufferedReader(new StringReader(text)), e -> out.add(e.copy()));
        return out;
    }

    @Test
    void readsLogAnalyticsRowsWithTypedColumns() throws Exception {
        Event e = read("{\"Type\":\"DeviceNetworkEvents\",\"Timestamp\":\"2026-11-20T10:00:00.123Z\","
                + "\"RemotePort\":443,\"RemoteIP\":\"1.2.3.4\",\"InitiatingProcessId\":\"77\"}\n").get(0);
        assertEquals(Table.DeviceNetworkEvents, e.table());
        assertEquals(Times.parse("2026-11-20T10:00:00.123Z"), e.getLong(Columns.TIMESTAMP));
        assertEquals(443, e.getLong(Columns.REMOTE_PORT));
        assertEquals(77, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("1.2.3.4", e.getString(Columns.REMOTE_IP));
    }

    @Test
    void readsTheStreamingApiEnvelopeAndEventHubRecords() throws Exception {
        List<Event> es = read("{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"time\":\"2026-11-20T10:00:00Z\","
                + "\"properties\":{\"FileName\":\"cmd.exe\",\"Timestamp\":\"2026-11-20T10:00:00Z\"}}\n"
                + "{\"records\":[{\"category\":\"AdvancedHunting-DeviceFileEvents\",\"properties\":{\"FileName\":\"a\"}},"
                + "{\"category\":\"AdvancedHunting-DeviceFileEvents\",\"properties\":{\"FileName\":\"b\"}}]}\n");
        assertEquals(3, es.size());
        assertEquals(Table.DeviceProcessEvents, es.get(0).table());
        assertEquals("cmd.exe", es.get(0).getString(Columns.FILE_NAME));
        assertEquals("b", es.get(2).getString(Columns.FILE_NAME));
    }

    @Test
    void malformedLinesAreCountedWithLineNumbersAndReadingGoesOn() throws Exception {
        List<Event> es = read("{\"Type\":\"DeviceFileEvents\",\"FileName\":\"ok\"}\n"
                + "{not json\n"
                + "\n"
                + "{\"Type\":\"DeviceFileEvents\",\"FileSize\":\"big\"}\n"
                + "{\"FileName\":\"no table\"}\n"
                + "{\"Type\":\"NoSuchTable\"}\n"
                + "[1,2]\n"
                + "{\"Type\":\"DeviceFileEvents\",\"Timestamp\":\"yesterday\"}\n"
                + "{\"Type\":\"DeviceFileEvents\",\"FileName\":\"ok2\"}\n");
        assertEquals(2, es.size());
        assertEquals(6, bad.count());
        String r = bad.report();
        assertTrue(r.contains("test:2: not valid JSON"), r);
        assertTrue(r.contains("test:4: column FileSize: expected long, got \"big\""), r);
        assertTrue(r.contains("test:5: no table"), r);
        assertTrue(r.contains("test:6: unknown table \"NoSuchTable\""), r);
        assertTrue(r.contains("test:8: column Timestamp: expected datetime"), r);
    }

    @Test
    void unknownColumnsAndColumnsOfOtherTablesAreKeptInAdditionalFields() throws Exception {
        Event e = read("{\"Type\":\"DeviceNetworkEvents\",\"AccountName\":\"bob\",\"Custom\":{\"a\":1},"
                + "\"AdditionalFields\":{\"x\":true}}\n").get(0);
        assertNull(e.getString(Columns.ACCOUNT_NAME), "DeviceNetworkEvents has no AccountName");
        String af = e.getString(Columns.ADDITIONAL_FIELDS);
        assertTrue(af.contains("\"x\":true") && af.contains("\"AccountName\":\"bob\"") && af.contains("\"Custom\":{\"a\":1}"), af);
    }

    @Test
    void writerRoundTripsEveryColumnType() throws Exception {
        String line = "{\"Timestamp\":\"2026-11-20T10:00:00.000000123Z\",\"ActionType\":\"FileCreated\",\"FileSize\":12,"
                + "\"RequestSourcePort\":7,\"IsAzureInfoProtectionApplied\":true,\"AdditionalFields\":{\"k\":[1,2]},"
                + "\"Type\":\"DeviceFileEvents\"}";
        Event e = read(line + "\n").get(0);
        assertEquals(line, EventJsonWriter.toJson(e));
    }

    @Test
    void malformedDynamicTextIsWrittenAsAStringNotRawJson() throws Exception {
        Event e = new Event(Table.DeviceFileEvents).set(Columns.ADDITIONAL_FIELDS, "{broken");
        assertEquals("{\"AdditionalFields\":\"{broken\",\"Type\":\"DeviceFileEvents\"}", EventJsonWriter.toJson(e));
    }

    @Test
    void theFlatRowShortcutReadsEveryLineAsTheTreeDoes() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String f : new String[] {"seed-cases.jsonl"}) {
            try (var in = getClass().getResourceAsStream("/fixtures/" + f)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        }
        lines.addAll(List.of(
                "{\"Type\":\"DeviceProcessEvents\",\"ProcessId\":\" 42 \",\"FileSize\":null,\"FileName\":\"a\"}",
                "{\"Type\":\"DeviceFileEvents\",\"IsAzureInfoProtectionApplied\":1,\"FileSize\":12}",
                "{\"Type\":\"DeviceFileEvents\",\"IsAzureInfoProtectionApplied\":\"TRUE\"}",
                "{\"Type\":\"DeviceNetworkEvents\",\"AccountName\":null,\"RemotePort\":443}",
                "{\"Type\":\"DeviceNetworkEvents\",\"RemotePort\":4.0}",
                "{\"Type\":\"DeviceNetworkEvents\",\"RemotePort\":99999999999}",
                "{\"Type\":\"DeviceNetworkEvents\",\"InitiatingProcessId\":99999999999999999999}",
                "{\"Type\":\"DeviceProcessEvents\",\"ProcessCommandLine\":7,\"AdditionalFields\":\"{\\\"a\\\":1}\"}",
                "{\"FileName\":\"x\",\"Type\":\"DeviceFileEvents\",\"FileName\":\"y\",\"TenantId\":{\"k\":[1]}}",
                "{\"Timestamp\":\"2026-11-20 10:00:00\",\"Type\":\"DeviceFileEvents\"} trailing",
                "{\"Type\":\"DeviceFileEvents\",\"Timestamp\":\"2026-11-20\",\"_x\":[{}]}"));
        ObjectMapper m = new ObjectMapper();
        EventJsonReader reader = new EventJsonReader(bad);
        for (String line : lines) {
            Event viaTree = new Event();
            String treeText;
            try {
                treeText = reader.fill(m.readTree(line), viaTree) ? viaTree.toString() : "no table";
            } catch (EventJsonReader.BadValueException e) {
                treeText = e.getMessage();
            }
            List<Event> got = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            byte[] b = ("  " + line).getBytes(StandardCharsets.UTF_8);
            reader.parseLine(b, 2, b.length - 2, 1, new EventJsonReader.Rows() {
                private final Event e = new Event();

                @Override
                public Event open() {
                    return e;
                }

                @Override
                public void commit() {
                    got.add(e.copy());
                }
            }, new EventJsonReader.Problems() {
                @Override
                public void skipped(long lineNo, String reason) {
                    problems.add(reason);
                }

                @Override
                public void repaired(long lineNo, String reason) {
                    problems.add(reason);
                }
            });
            String parsed = got.size() == 1 ? got.get(0).toString() : String.join("; ", problems);
            if (treeText.equals("no table")) {
                assertTrue(parsed.startsWith("no table: expected"), line + " -> " + parsed);
            } else {
                assertEquals(treeText, parsed, line);
            }
        }
    }
}
