package dev.hookline.linux.audit;

import java.util.Map;

/** Runs the audit collector in a child JVM until it is killed with -9 (no close, no restore). Args: settings file. */
public final class KilledAuditDaemon {
    private KilledAuditDaemon() {
    }

    public static void main(String[] args) throws Exception {
        AuditCollector c = new AuditCollector(new TestContext(Map.of()),
                AuditSettings.defaults().withPreviousSettingsFile(args[0]));
        c.start();
        System.out.println("started " + c.mode());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
