package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRuleDataTest {
    @Test
    void layoutMatchesStructAuditRuleData() {
        AuditRuleData r = AuditRuleData.builder(AuditProtocol.AUDIT_FILTER_EXIT, AuditProtocol.AUDIT_ALWAYS)
                .field(AuditProtocol.AUDIT_ARCH, AuditProtocol.AUDIT_EQUAL, AuditProtocol.AUDIT_ARCH_X86_64)
                .syscall(59).syscall(322).key("hookline").build();
        ByteBuffer b = ByteBuffer.wrap(r.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1040 + 8, r.length());
        assertEquals(4, b.getInt(0));
        assertEquals(2, b.getInt(4));
        assertEquals(2, b.getInt(8));
        assertEquals(1 << 27, b.getInt(12 + 4)); // 59 = word 1, bit 27
        assertEquals(1 << 2, b.getInt(12 + 4 * 10)); // 322 = word 10, bit 2
        assertEquals(11, b.getInt(268));
        assertEquals(210, b.getInt(272));
        assertEquals(0xc000003e, b.getInt(524));
        assertEquals(8, b.getInt(528));
        assertEquals(0x40000000, b.getInt(780));
        assertEquals(8, b.getInt(1036));
        assertEquals("hookline", new String(r.bytes(), 1040, 8));
        assertEquals("hookline", r.key());
        AuditRuleData back = AuditRuleData.decode(ByteBuffer.wrap(r.bytes()).order(ByteOrder.nativeOrder()), 0, r.length());
        assertEquals(r, back);
    }

    @Test
    void ourRulesExcludeOurPidFirstAndAllCarryTheKey() {
        List<AuditRuleData> rules = AuditRules.build(777, "k1", false);
        assertEquals(4, rules.size());
        assertEquals(AuditProtocol.AUDIT_FILTER_EXIT | AuditProtocol.AUDIT_FILTER_PREPEND, rules.get(0).filterFlags());
        assertEquals(AuditProtocol.AUDIT_NEVER, rules.get(0).action());
        for (AuditRuleData r : rules) {
            assertEquals("k1", r.key());
        }
    }

    @Test
    void truncatedRuleDecodesToNull() {
        assertNull(AuditRuleData.decode(ByteBuffer.allocate(100), 0, 100));
        ByteBuffer b = ByteBuffer.allocate(1040).order(ByteOrder.nativeOrder());
        b.putInt(1036, 5000);
        assertNull(AuditRuleData.decode(b, 0, 1040));
    }

    @Test
    void recordExclusionIsMsgtypeThenNotOurPidWithoutAKey() {
        AuditRuleData x = AuditRules.exclusion(4242, AuditProtocol.AUDIT_CWD);
        ByteBuffer b = ByteBuffer.wrap(x.bytes()).order(ByteOrder.nativeOrder());
        assertEquals(AuditRuleData.HEADER, x.length()); // no string part: no key
        assertEquals(AuditProtocol.AUDIT_FILTER_EXCLUDE, x.list());
        assertEquals(AuditProtocol.AUDIT_ALWAYS, x.action());
        assertEquals(2, x.fieldCount());
        assertEquals(12, b.getInt(268)); // AUDIT_MSGTYPE
        assertEquals(1307, b.getInt(524));
        assertEquals(0x40000000, b.getInt(780));
        assertEquals(0, b.getInt(272)); // AUDIT_PID
        assertEquals(4242, b.getInt(528));
        assertEquals(0x30000000, b.getInt(784)); // Audit_not_equal
        assertNull(x.key());
    }

    @Test
    void ourRulesAreTheKeyedOnesAndExclusionsOfOurShapeFromAnyRun() {
        assertTrue(AuditRules.isOurs(AuditRules.build(1, "k1", false).get(1), "k1"));
        assertFalse(AuditRules.isOurs(AuditRules.build(1, "k1", false).get(1), "k2"));
        // an earlier run's exclusion (another pid) is ours too: left behind by a crash, removed at the next start
        assertTrue(AuditRules.isOurs(AuditRules.exclusion(99, AuditProtocol.AUDIT_PATH), "k1"));
        // a user's own `-a always,exclude -F msgtype=CWD` is not
        AuditRuleData users = AuditRuleData.builder(AuditProtocol.AUDIT_FILTER_EXCLUDE, AuditProtocol.AUDIT_ALWAYS)
                .field(AuditProtocol.AUDIT_MSGTYPE, AuditProtocol.AUDIT_EQUAL, AuditProtocol.AUDIT_CWD).build();
        assertFalse(AuditRules.isOurs(users, "k1"));
        // nor our shape over a type Hookline never excludes, nor our shape on another list
        AuditRuleData other = AuditRuleData.builder(AuditProtocol.AUDIT_FILTER_EXCLUDE, AuditProtocol.AUDIT_ALWAYS)
                .field(AuditProtocol.AUDIT_MSGTYPE, AuditProtocol.AUDIT_EQUAL, AuditProtocol.AUDIT_SYSCALL)
                .field(AuditProtocol.AUDIT_PID, AuditProtocol.AUDIT_NOT_EQUAL, 5).build();
        assertFalse(AuditRules.isOurs(other, "k1"));
        AuditRuleData exit = AuditRuleData.builder(AuditProtocol.AUDIT_FILTER_EXIT, AuditProtocol.AUDIT_ALWAYS)
                .field(AuditProtocol.AUDIT_MSGTYPE, AuditProtocol.AUDIT_EQUAL, AuditProtocol.AUDIT_CWD)
                .field(AuditProtocol.AUDIT_PID, AuditProtocol.AUDIT_NOT_EQUAL, 5).build();
        assertFalse(AuditRules.isOurs(exit, "k1"));
    }
}
