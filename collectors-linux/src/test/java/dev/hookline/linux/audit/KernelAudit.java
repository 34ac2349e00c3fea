package dev.hookline.linux.audit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test helpers that read the real kernel state, and skip (with the reason) where the OS lacks audit. */
final class KernelAudit {
    private KernelAudit() {
    }

    /** Skips the test with the reason when this machine cannot run the audit collector. */
    static void assumeAvailable() {
        String why = new dev.hookline.linux.LinuxAuditProvider().unsupportedReason();
        if (why != null) {
            System.out.println("SKIPPED (OS lacks the facility): " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    static AuditStatus status() throws Exception {
        try (AuditSocket s = AuditSocket.open(0)) {
            return s.getStatus(null);
        }
    }

    static List<AuditRuleData> rules() throws Exception {
        try (AuditSocket s = AuditSocket.open(0)) {
            return new ArrayList<>(s.listRules());
        }
    }
}
