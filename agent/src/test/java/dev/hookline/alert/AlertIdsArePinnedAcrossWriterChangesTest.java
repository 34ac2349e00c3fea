package dev.hookline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import org.junit.jupiter.api.Test;

/**
 * Alert ids are relied on for dedup and by users: these literals were computed by the Jackson-based writer and
 * String hashing of session 15 (before the hand-written writer), and must never change.
 */
class AlertIdsArePinnedAcrossWriterChangesTest {
    static final long T = 1_765_000_000_123_456_789L;

    static Event exec() {
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.TIMESTAMP, T);
        e.set(Columns.DEVICE_ID, "b1c4a0f2d3e4b1c4a0f2d3e4b1c4a0f2d3e4b1c4");
        e.set(Columns.DEVICE_NAME, "runner-07.build.example");
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, "uname");
        e.set(Columns.FOLDER_PATH, "/usr/bin/uname");
        e.set(Columns.PROCESS_ID, 4242);
        e.set(Columns.PROCESS_COMMAND_LINE, "uname -m");
        e.set(Columns.PROCESS_CREATION_TIME, T - 1_000_000);
        e.set(Columns.ACCOUNT_NAME, "runner");
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, "bash");
        e.set(Columns.INITIATING_PROCESS_ID, 4241);
        e.set(Columns.INITIATING_PROCESS_CREATION_TIME, 1_765_000_000_000_000_000L);
        e.set(Columns.IS_PROCESS_REMOTE_SESSION, false);
        e.set(Columns.ADDITIONAL_FIELDS, "{\"InstallManager\":\"npm\",\"Depth\":[1,-2,true,null]}");
        e.set(Columns.REPORT_ID, 123456);
        return e;
    }

    static Event tricky() {
        Event e = new Event(Table.DeviceNetworkEvents);
        e.set(Columns.TIMESTAMP, -1_500_000L);
        e.set(Columns.DEVICE_NAME, "h\u00f4te-\u65e5\u672c");
        e.set(Columns.ACTION_TYPE, "");
        e.set(Columns.REMOTE_URL, "q\"b\\s/\b\f\n\r\t\u0000\u001f\u007f\u2028 \ud83d\ude00 lone\ud800 \udc00x");
        e.set(Columns.REMOTE_PORT, 443);
        e.set(Columns.INITIATING_PROCESS_ID, -7);
        e.set(Columns.INITIATING_PROCESS_COMMAND_LINE, "curl -d '{\"a\":1}'");
        e.set(Columns.IS_INITIATING_PROCESS_REMOTE_SESSION, true);
        e.set(Columns.ADDITIONAL_FIELDS, "  { \"b\": 1.50, \"a\": \"x\\/y\\u0041\", \"b\": [ ] }  ");
        return e;
    }

    static Event notJson() {
        Event e = new Event(Table.DeviceFileEvents);
        e.set(Columns.TIMESTAMP, Long.MAX_VALUE);
        e.set(Columns.FILE_NAME, "a.txt");
        e.set(Columns.FILE_SIZE, 0);
        e.set(Columns.ADDITIONAL_FIELDS, " {not json ");
        return e;
    }

    @Test
    void idsOfFixedEventsAreTheLiteralsOfTheJacksonWriter() {
        assertPinned("37d8c2aa0bbd5a26102db5f8d82a24f7", "sigma.uname", "selection", exec());
        assertPinned("67d5395777855651048d21fe7dd49938", "r.tricky", "arm\u00e9", tricky());
        assertPinned("e72832bd697c24569168e78fb9cc50b6", "r.file", "a", notJson());
    }

    private static void assertPinned(String id, String rule, String arm, Event e) {
        assertEquals(id, AlertIds.of(rule, arm, e));
        assertEquals(id, AlertIds.of(rule, arm, EventJsonWriter.toJson(e)));
        assertEquals(id, new AlertIdHasher().of(rule, arm, new EventJsonWriter().write(e).toString()));
    }
}
