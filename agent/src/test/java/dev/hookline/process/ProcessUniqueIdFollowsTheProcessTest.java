package dev.hookline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import org.junit.jupiter.api.Test;

/** ProcessUniqueId / InitiatingProcessUniqueId: one id per process instance, the same wherever the process appears. */
class ProcessUniqueIdFollowsTheProcessTest {
    private static final long T = 1_796_000_000_000_000_000L; // 2026-11-30, epoch nanoseconds

    @Test
    void theIdIsTheCreationTickAndThePid() {
        // (creation time in 10 ms units) << 22 | pid, as decimal text
        assertEquals(Long.toString((T / 10_000_000L) << 22 | 4321), ProcessUniqueId.of(4321, T));
        assertTrue(Long.parseLong(ProcessUniqueId.of(4_194_303, T)) > 0, "the largest pid keeps the id positive");
    }

    @Test
    void instancesThatShareAPidOrAStartTimeGetDifferentIds() {
        assertNotEquals(ProcessUniqueId.of(100, T), ProcessUniqueId.of(100, T + 10_000_000L), "pid reused later");
        assertNotEquals(ProcessUniqueId.of(100, T), ProcessUniqueId.of(101, T), "two processes in the same tick");
    }

    @Test
    void anUnknownCreationTimeOrAnOutOfRangePidGivesNoId() {
        assertNull(ProcessUniqueId.of(100, Event.NULL));
        assertNull(ProcessUniqueId.of(1L << 22, T));
        assertNull(ProcessUniqueId.of(-1, T));
    }

    @Test
    void aProcessHasTheSameIdInTheRowItCreatesAndInTheRowsItInitiates() {
        ProcessInfo p = new ProcessInfo(4321, 1, T, "/usr/bin/curl", "curl -s https://example.org", 1000,
                new Account("ann", "host", null));
        Event created = new Event(Table.DeviceProcessEvents);
        Enrichment.fillCreated(created, p);
        Event network = new Event(Table.DeviceNetworkEvents);
        Enrichment.fillInitiating(network, p, null);
        assertEquals(ProcessUniqueId.of(4321, T), created.getString(Columns.PROCESS_UNIQUE_ID));
        assertEquals(created.getString(Columns.PROCESS_UNIQUE_ID),
                network.getString(Columns.INITIATING_PROCESS_UNIQUE_ID));
        Event unknown = new Event(Table.DeviceFileEvents);
        Enrichment.fillInitiating(unknown, new ProcessInfo(77, 1, Event.NULL, "/bin/sh", "sh", 0,
                Account.UNKNOWN), null);
        assertTrue(unknown.isNull(Columns.INITIATING_PROCESS_UNIQUE_ID), "no creation time, no id");
    }

    @Test
    void theTablesListTheColumnsWhereDefenderDocumentsThem() {
        assertEquals(68, Table.DeviceProcessEvents.columns().size());
        assertEquals(45, Table.DeviceNetworkEvents.columns().size());
        assertEquals(58, Table.DeviceFileEvents.columns().size());
        assertEquals(Columns.INITIATING_PROCESS_UNIQUE_ID, Table.DeviceProcessEvents.columns().get(67));
        assertEquals(Columns.PROCESS_UNIQUE_ID, Table.DeviceProcessEvents.columns().get(66));
        assertEquals(Columns.INITIATING_PROCESS_UNIQUE_ID, Table.DeviceNetworkEvents.columns().get(44));
        assertEquals(Columns.INITIATING_PROCESS_UNIQUE_ID, Table.DeviceFileEvents.columns().get(57));
    }
}
