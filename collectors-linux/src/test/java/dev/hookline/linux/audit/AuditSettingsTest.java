package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys of the linux-audit section: defaults, bounds, and a message naming the key and what it accepts. */
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

    @Test
    void excludedRecordTypesDefaultToCwdAndPathAndRefuseWhatTheMapperNeeds() {
        assertEquals(List.of(AuditProtocol.AUDIT_CWD, AuditProtocol.AUDIT_PATH),
                AuditSettings.from(Map.of()).excludedRecordTypes());
        assertEquals(List.of(), AuditSettings.from(Map.of("exclude_record_types", List.of())).excludedRecordTypes());
        assertEquals(List.of(), AuditSettings.from(Map.of("exclude_record_types", "none")).excludedRecordTypes());
        assertEquals(List.of(AuditProtocol.AUDIT_PROCTITLE, AuditProtocol.AUDIT_CWD),
                AuditSettings.from(Map.of("exclude_record_types", "proctitle, CWD,cwd")).excludedRecordTypes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditSettings.from(Map.of("exclude_record_types", List.of("CWD", "EXECVE"))));
        assertTrue(e.getMessage().contains("exclude_record_types: EXECVE cannot be excluded"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: CWD, PATH, PROCTITLE"), e.getMessage());
    }
}
