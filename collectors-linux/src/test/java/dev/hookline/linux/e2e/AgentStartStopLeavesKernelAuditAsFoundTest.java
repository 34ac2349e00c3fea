package dev.hookline.linux.e2e;

import static dev.hookline.linux.audit.AuditProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.linux.audit.AuditRuleData;
import dev.hookline.linux.audit.AuditSocket;
import dev.hookline.linux.audit.AuditStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent, started and stopped, leaves the kernel's audit settings (AUDIT_GET) and rule list
 * (AUDIT_LIST_RULES) exactly as it found them, including somebody else's rule that was there first.
 */
class AgentStartStopLeavesKernelAuditAsFoundTest {
    /** A rule of "another tool": exit,always on acct(2) (x86_64 nr 163, never called here), keyed so we find it. */
    private static final AuditRuleData FOREIGN = AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
            .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64).syscall(163).key("hookline-e2e-foreign").build();

    private static AuditStatus status() throws Exception {
        try (AuditSocket s = AuditSocket.open(0)) {
            return s.getStatus(null);
        }
    }

    private static List<AuditRuleData> rules() throws Exception {
        try (AuditSocket s = AuditSocket.open(0)) {
            return new ArrayList<>(s.listRules());
        }
    }

    @Test
    void startAndStopRestoreAuditStatusAndRules(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        List<AuditRuleData> untouched = rules();
        assertFalse(untouched.contains(FOREIGN), "a stale foreign test rule is installed: " + untouched);
        try (AuditSocket s = AuditSocket.open(0)) {
            s.addRule(FOREIGN);
        }
        try {
            AuditStatus before = status();
            List<AuditRuleData> rulesBefore = rules();
            assertTrue(rulesBefore.contains(FOREIGN));
            try (LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
                AuditStatus during = status();
                assertEquals(1, during.enabled(), during.toString());
                assertEquals(ProcessHandle.current().pid(), during.pid(), "the agent holds the audit pid");
                List<AuditRuleData> rulesDuring = rules();
                assertTrue(rulesDuring.size() > rulesBefore.size(), rulesDuring.toString());
                assertTrue(rulesDuring.containsAll(rulesBefore), "a rule that was there went missing: " + rulesDuring);
                Map<String, Object> st = agent.status();
                assertTrue(String.valueOf(st.get("collectors")).contains("linux-audit"), st.toString());
            }
            AuditStatus after = status();
            assertEquals(before.settings(), after.settings());
            assertEquals(rulesBefore, rules(), "rule list (content and order) after stop");
        } finally {
            try (AuditSocket s = AuditSocket.open(0)) {
                s.deleteRule(FOREIGN);
            }
        }
        assertEquals(untouched, rules());
    }
}
