package dev.hookline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricNamesFollowPrometheusConventionsTest {
    private static MetricNames.Series s(String key) {
        return MetricNames.of("hookline_", key);
    }

    @Test
    void runningCountsAreCountersAndLevelsAreGauges() {
        assertTrue(s("ring_published").counter());
        assertTrue(s("linux-audit.kernel_lost").counter());
        assertTrue(s("output_collector_retries").counter());
        assertTrue(s("store_segments_deleted_age").counter());
        assertFalse(s("ring_backlog").counter());
        assertFalse(s("ring_capacity").counter());
        assertFalse(s("processes_live").counter());
        assertFalse(s("output_collector_spool_depth").counter());
        assertFalse(s("output_collector_oldest_unacked_age_ms").counter());
        assertFalse(s("store_bytes").counter());
        assertFalse(s("store_segments").counter());
        assertFalse(s("sink_queue").counter());
        assertFalse(s("open_connections").counter());
        assertFalse(s("uptime_s").counter());
    }

    @Test
    void namesAreSnakeCaseWithTheUnitLastInBaseUnits() {
        assertEquals("hookline_linux_audit_kernel_lost", s("linux-audit.kernel_lost").name());
        assertEquals("hookline_uptime_seconds", s("uptime_s").name());
        MetricNames.Series age = s("output_collector_oldest_unacked_age_ms");
        assertEquals("hookline_output_collector_oldest_unacked_age_seconds", age.name());
        assertEquals(0.001, age.scale());
        assertEquals("hookline_store_oldest_event_timestamp_seconds", s("store_oldest_event_epoch_s").name());
        assertEquals("hookline_output_file_written_bytes", s("output_file_bytes_written").name());
        assertEquals("hookline_store_torn_cut_bytes", s("store_torn_bytes_cut").name());
        assertEquals("hookline_collector_sink_queue_bytes", MetricNames.of("hookline_collector_", "sink_queue_bytes")
                .name());
    }

    @Test
    void aTableInTheKeyBecomesALabel() {
        MetricNames.Series e = s("events_DeviceProcessEvents");
        assertEquals("hookline_events", e.name());
        assertEquals("table", e.labelName());
        assertEquals("DeviceProcessEvents", e.labelValue());
        assertEquals("hookline_ring_events", s("ring_events_DeviceProcessEvents").name());
        MetricNames.Series raw = s("raw_DeviceFileEvents_write_errors");
        assertEquals("hookline_raw_events_file_write_errors", raw.name());
        assertEquals("DeviceFileEvents", raw.labelValue());
        // not a table: stays a name
        assertNull(s("events_evaluated").labelName());
        assertEquals("hookline_events_evaluated", s("events_evaluated").name());
    }

    @Test
    void aListenAddressIsLoopbackUnlessAHostIsWritten() {
        assertNull(Listen.parse(""));
        assertNull(Listen.parse(null));
        assertEquals(new Listen("127.0.0.1", 9464), Listen.parse("9464"));
        assertEquals(new Listen("0.0.0.0", 9464), Listen.parse("0.0.0.0:9464"));
        assertEquals(new Listen("::1", 9464), Listen.parse("[::1]:9464"));
        assertEquals("[::1]:9464", Listen.parse("[::1]:9464").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listen.parse("::1:9464")).getMessage()
                .contains("brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listen.parse("127.0.0.1:http")).getMessage()
                .contains("number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listen.parse("70000")).getMessage()
                .contains("65535"));
        assertThrows(IllegalArgumentException.class, () -> Listen.parse(":9464"));
    }
}
