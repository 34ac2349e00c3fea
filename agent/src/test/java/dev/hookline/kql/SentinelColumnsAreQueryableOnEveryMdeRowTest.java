package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.io.BadLines;
import dev.hookline.io.EventJsonReader;
import dev.hookline.schema.Column;
import dev.hookline.schema.Event;
import dev.hookline.schema.SentinelColumns;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelColumnsAreQueryableOnEveryMdeRowTest {
    private static final long TS = Ev.NOW - Ev.HOUR / 2;

    @Test
    void timeGeneratedIsTheTimestampTypeTheTableAndTheRestEmptyForAnAgentRow() {
        for (Table t : Table.values()) {
            Event e = new Event(t);
            e.setTime(dev.hookline.schema.Columns.TIMESTAMP, TS);
            ResultTable r = Kql.compile(t.name() + " | where TimeGenerated > ago(1h)"
                    + " | project TimeGenerated, Type, TenantId, MachineGroup, SourceSystem")
                    .run(new MemorySource(List.of(e)), Ev.NOW);
            assertEquals(List.of("datetime", "string", "string", "string", "string"), r.columnTypes());
            assertEquals(1, r.rows().size(), t.name());
            assertArrayEquals(new Object[] {Instant.ofEpochSecond(0, TS), t.name(), "", "", ""}, r.rows().get(0));
        }
    }

    @Test
    void aRowExportedFromSentinelKeepsItsMachineGroupTenantAndSourceSystem() throws IOException {
        String line = "{\"Type\":\"DeviceFileEvents\",\"TenantId\":\"7f1c2d3e-0000-4000-8000-00000000abcd\","
                + "\"MachineGroup\":\"Finance laptops\",\"SourceSystem\":\"\",\"TimeGenerated\":\"2023-11-14T22:13:20Z\","
                + "\"Timestamp\":\"2023-11-14T22:13:20Z\",\"FileName\":\"a.txt\"}";
        List<Event> rows = new ArrayList<>();
        new EventJsonReader(new BadLines("test")).read(new BufferedReader(new StringReader(line)), e -> rows.add(e.copy()));
        ResultTable r = Kql.compile("DeviceFileEvents | summarize n = count() by MachineGroup, TenantId, Type")
                .run(new MemorySource(rows), Ev.NOW);
        assertEquals(1, r.rows().size());
        assertArrayEquals(new Object[] {"Finance laptops", "7f1c2d3e-0000-4000-8000-00000000abcd", "DeviceFileEvents", 1L},
                r.rows().get(0));
        assertEquals(null, rows.get(0).getString(dev.hookline.schema.Columns.ADDITIONAL_FIELDS),
                "TimeGenerated and the Sentinel columns are not extra fields of the MDE row");
    }

    @Test
    void projectStarListsTheMdeColumnsThenSentinels() {
        for (Table t : Table.values()) {
            ResultTable r = Kql.compile(t.name() + " | take 1").run(new MemorySource(List.of()), Ev.NOW);
            List<String> expected = new ArrayList<>();
            for (Column c : t.columns()) {
                expected.add(c.name());
            }
            for (SentinelColumns c : SentinelColumns.all()) {
                expected.add(c.columnName());
            }
            assertEquals(expected, r.columnNames());
        }
    }

    @Test
    void aDetectionOnTimeGeneratedStreams() {
        StreamingQuery q = Kql.compile("DeviceProcessEvents | where TimeGenerated > ago(1h) and Type == 'DeviceProcessEvents'"
                + " | project DeviceName, TimeGenerated").streaming();
        List<Object[]> hits = new ArrayList<>();
        q.accept(Ev.proc(TS).s("DeviceName", "h1").build(), Ev.NOW, (arm, ev, row) -> hits.add(row));
        q.accept(Ev.proc(Ev.NOW - 3 * Ev.HOUR).s("DeviceName", "old").build(), Ev.NOW, (arm, ev, row) -> hits.add(row));
        assertEquals(1, hits.size());
        assertArrayEquals(new Object[] {"h1", Instant.ofEpochSecond(0, TS)}, hits.get(0));
    }

    @Test
    void aSentinelColumnProjectedAwayIsAnErrorNotAnEmptyColumn() {
        KqlException e = org.junit.jupiter.api.Assertions.assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | project FileName | where MachineGroup == 'x'"));
        assertEquals(1, e.line());
    }
}
