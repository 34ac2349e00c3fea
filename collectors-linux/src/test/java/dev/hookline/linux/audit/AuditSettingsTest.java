package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.CollectorSettings;
import dev.hookline.linux.LinuxAuditProvider;
import dev.hookline.linux.settings.SectionChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The linux-audit section: bound by the agent's config mapper, with line, column and the allowed keys on error. */
class AuditSettingsTest {
    private final LinuxAuditProvider provider = new LinuxAuditProvider();

    @Test
    void validSettingsBindOverTheDefaults() throws Exception {
        AuditSettings s = SectionChecks.bind(provider, "backlog_limit: 16384\nfailure: printk\n"
                + "when_audit_pid_taken: refuse\ninbound_rules: listen\nproc_connector: false\nread_coalesce_ms: 0\n"
                + "exclude_record_types: [proctitle, CWD, cwd]");
        assertEquals(16384, s.backlogLimit());
        assertEquals(AuditProtocol.FAIL_PRINTK, s.failureMode());
        assertTrue(s.refuseWhenTaken());
        assertEquals(AuditSettings.Inbound.LISTEN, s.inbound());
        assertEquals(false, s.procConnector());
        assertEquals(0, s.readCoalesceMillis());
        assertEquals(List.of(AuditProtocol.AUDIT_PROCTITLE, AuditProtocol.AUDIT_CWD), s.excludedRecordTypes());
        assertEquals(1000, s.statusPollMillis(), "a key left out keeps its default");
        assertEquals(List.of(), ((AuditSettings) SectionChecks.bind(provider, "exclude_record_types: []"))
                .excludedRecordTypes());
    }

    @Test
    void aMisspelledKeyIsNamedWithItsLineColumnAndTheAllowedKeys() throws Exception {
        assertEquals("hookline.yaml, line 4, column 5: unknown key 'readCoalesceMs' in section "
                + "'collectors.linux-audit' (known keys: " + SectionChecks.keyList(provider) + ")",
                SectionChecks.error(provider, "backlog_limit: 8192\nreadCoalesceMs: 5"));
        assertTrue(SectionChecks.keyList(provider).contains("read_coalesce_ms, receive_buffer_bytes"));
    }

    @Test
    void aBooleanIsTrueOrFalseOnly() {
        for (String v : new String[]{"yes", "on", "1", "'true'"}) {
            assertTrue(SectionChecks.error(provider, "proc_connector: " + v).startsWith("hookline.yaml, line 3, "
                    + "column 21: 'collectors.linux-audit.proc_connector': expected true or false"), v);
        }
    }

    @Test
    void aWrongTypeOrValueIsNamedWithItsLocationAndWhatIsExpected() {
        assertEquals("hookline.yaml, line 3, column 23: 'collectors.linux-audit.read_coalesce_ms': must be between "
                + "0 and 100, got 101", SectionChecks.error(provider, "read_coalesce_ms: 101"));
        assertEquals("hookline.yaml, line 3, column 23: 'collectors.linux-audit.read_coalesce_ms': expected a whole "
                + "number, got 'soon'", SectionChecks.error(provider, "read_coalesce_ms: soon"));
        assertEquals("hookline.yaml, line 3, column 20: 'collectors.linux-audit.backlog_limit': must be a positive "
                + "whole number, got 0", SectionChecks.error(provider, "backlog_limit: 0"));
        assertEquals("hookline.yaml, line 3, column 20: 'collectors.linux-audit.inbound_rules': expected one of off, "
                + "listen, all, got 'false'", SectionChecks.error(provider, "inbound_rules: false"));
        String m = SectionChecks.error(provider, "exclude_record_types: [CWD, EXECVE]");
        assertTrue(m.startsWith("hookline.yaml, line 3, column 27: 'collectors.linux-audit.exclude_record_types': "
                + "'EXECVE' cannot be excluded"), m);
        assertTrue(m.endsWith("allowed: CWD, PATH, PROCTITLE"), m);
    }

    @Test
    void theDocumentedDefaultsAreTheBuiltInOnes() throws Exception {
        SectionChecks.documentedDefaultsAreTheBuiltInOnes(provider);
        AuditSettings d = AuditSettings.defaults();
        assertEquals(3, d.readCoalesceMillis());
        assertEquals(List.of(AuditProtocol.AUDIT_PATH), d.excludedRecordTypes());
        assertEquals(AuditSettings.Inbound.ALL, d.inbound());
    }

    @Test
    void aCollectorBindingAHandWrittenMapGetsTheSameMessageWithoutALocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorSettings.bind("linux-audit", Map.of("retake_audit_pid", "yes"), AuditSettings.DEFAULTS));
        assertEquals("config: 'collectors.linux-audit.retake_audit_pid': expected true or false, got 'yes'",
                e.getMessage());
    }
}
