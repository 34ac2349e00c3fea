package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.EventJsonReader;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SentinelRecordsTest {
    private final ObjectMapper m = new ObjectMapper();

    @Test
    void aFieldOver64KilobytesIsTruncatedAtACharacterBoundary() throws Exception {
        SentinelRecords r = new SentinelRecords(999_998);
        Event e = new Event(Table.DeviceProcessEvents);
        e.setTime(Columns.TIMESTAMP, 1_700_000_000_000_000_000L);
        e.set(Columns.PROCESS_COMMAND_LINE, "é".repeat(40_000)); // 80,000 UTF-8 bytes
        JsonNode rec = m.readTree(r.event(e));
        String cl = rec.get("ProcessCommandLine").asText();
        assertEquals(SentinelRecords.MAX_FIELD_BYTES, cl.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(1, r.truncatedFields());
        assertEquals("2023-11-14T22:13:20Z", rec.get("TimeGenerated").asText().replace(".0000000", ""));
    }

    @Test
    void anAlertWhoseFieldsAreTooLargeIsTruncatedAndOneThatCannotFitIsDropped() throws Exception {
        SentinelRecords r = new SentinelRecords(999_998);
        String big = Alerts.line(1, 100_000); // Row and Event each over 64 KB
        JsonNode rec = m.readTree(r.alert(big));
        assertTrue(rec.get("Row").isTextual(), "a too-long dynamic value becomes its truncated text");
        assertEquals(SentinelRecords.MAX_FIELD_BYTES, rec.get("Row").asText().length());
        assertEquals("alert-000001", rec.get("AlertId").asText());
        assertEquals(2, r.truncatedFields());
        SentinelRecords tiny = new SentinelRecords(50_000);
        assertNull(tiny.alert(big), "still larger than a call: dropped");
        assertEquals(1, tiny.droppedTooLarge());
        assertNull(r.alert("not json"));
        assertNull(r.alert("[1,2]"));
        assertEquals(2, r.badAlertLines());
    }

    @Test
    void aDetectionTakesItsDeviceFromTheEventAndItsTimeFromTheTimestamp() throws Exception {
        SentinelRecords r = new SentinelRecords(999_998);
        JsonNode rec = m.readTree(r.alert(Alerts.line(3, 5)));
        assertEquals("host-1", rec.get("DeviceName").asText());
        assertEquals("Detection", rec.get("AlertType").asText());
        assertEquals("2026-11-20T12:00:00.1234567Z", rec.get("TimeGenerated").asText());
        assertTrue(rec.get("MitreTactics").isArray());
        assertTrue(rec.get("Event").isObject());
        assertTrue(!rec.has("AdditionalFields"), "every field of a detection has its column");
    }

    @Test
    void theMachineGroupOfAStreamingApiRecordReachesTheRawStream() throws Exception {
        // a Defender streaming-API record as Event Hubs delivers it: MachineGroup is in its properties
        String streaming = "{\"time\":\"2026-11-20T12:00:01Z\",\"tenantId\":\"t\",\"operationName\":\"Publish\","
                + "\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":{\"Timestamp\":"
                + "\"2026-11-20T12:00:00Z\",\"DeviceName\":\"host-1\",\"FileName\":\"curl\","
                + "\"MachineGroup\":\"Finance laptops\"}}";
        Event e = new Event(Table.DeviceProcessEvents);
        assertTrue(new EventJsonReader().fill(m.readTree(streaming), e));
        SentinelRecords r = new SentinelRecords(999_998);
        JsonNode rec = m.readTree(r.event(e));
        assertEquals("Finance laptops", rec.get("MachineGroup").asText());
        assertEquals("curl", rec.get("FileName").asText());
        assertEquals("string", SentinelStreams.raw(Table.DeviceProcessEvents).column("MachineGroup").type(),
                "declared in the stream, so the DCR keeps it");
        Event without = new Event(Table.DeviceProcessEvents);
        without.set(Columns.FILE_NAME, "ls");
        assertTrue(!m.readTree(r.event(without)).has("MachineGroup"), "absent when the event has none");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String s = "a" + "😀".repeat(10);
        assertEquals("a" + "😀".repeat(2), SentinelRecords.truncateUtf8(s, 10));
        assertEquals(9, SentinelRecords.utf8Length(SentinelRecords.truncateUtf8(s, 10)));
    }
}
