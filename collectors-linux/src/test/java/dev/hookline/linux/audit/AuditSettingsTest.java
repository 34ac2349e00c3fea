package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Integer keys of the linux-audit section: defaults, bounds, and a message naming the key and the range. */
class AuditSettingsTest {
    @Test
    void readCoalesceDefaultsToThreeAcceptsZeroToHundredAndSaysWhatItWants() {
        assertEquals(3, AuditSettings.from(Map.of()).readCoalesceMillis());
        assertEquals(0, AuditSettings.from(Map.of("read_coalesce_ms", 0)).readCoalesceMillis());
        assertEquals(100, AuditSettings.from(Map.of("read_coalesce_ms", "100")).readCoalesceMillis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditSettings.from(Map.of("read_coalesce_ms", 101)));
        assertTrue(e.getMessage().contains("read_coalesce_ms must be an integer 0-100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuditSettings.from(Map.of("read_coalesce_ms", "soon")));
    }

    @Test
    void positiveKeysStillRefuseZeroWithTheirMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditSettings.from(Map.of("backlog_limit", 0)));
        assertTrue(e.getMessage().contains("backlog_limit must be a positive integer"), e.getMessage());
        assertEquals(16384, AuditSettings.from(Map.of("backlog_limit", 16384)).backlogLimit());
    }
}
