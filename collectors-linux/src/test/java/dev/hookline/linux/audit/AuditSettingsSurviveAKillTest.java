package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kernel (root): an agent killed with -9 leaves Hookline's audit settings in force; the next run must restore
 * the host's own (from the file the killed run saved), not take the dead run's settings as "previous".
 */
class AuditSettingsSurviveAKillTest {
    @BeforeAll
    static void requireAudit() {
        KernelAudit.assumeAvailable();
    }

    /** The settings Hookline changes and restores (the pid, counters and rate limit are not ours to compare). */
    private static String restorable(AuditStatus s) {
        return "enabled=" + s.enabled() + " failure=" + s.failure() + " backlog_limit=" + s.backlogLimit()
                + " backlog_wait_time=" + s.backlogWaitTime();
    }

    private static void set(int enabled, int failure, int backlogLimit, int backlogWaitTime) throws Exception {
        try (AuditSocket s = AuditSocket.open(0)) {
            s.setStatus(AuditStatus.request(AuditProtocol.STATUS_ENABLED | AuditProtocol.STATUS_FAILURE
                    | AuditProtocol.STATUS_BACKLOG_LIMIT | AuditProtocol.STATUS_BACKLOG_WAIT_TIME, enabled, failure, 0,
                    backlogLimit, backlogWaitTime), null);
        }
    }

    @Test
    void aRunAfterKillNineRestoresTheSettingsFromBeforeTheFirstRun(@TempDir Path dir) throws Exception {
        AuditStatus host = KernelAudit.status();
        // Settings of a host that Hookline's differ from in every field (the kernel's defaults, backlog 320), so
        // the test tells them apart whatever an earlier run left; the host's own are put back at the end.
        set(0, 1, 320, 60000);
        try {
            killAndRestart(dir);
        } finally {
            set(host.enabled(), host.failure(), host.backlogLimit(), host.backlogWaitTime());
        }
    }

    private void killAndRestart(Path dir) throws Exception {
        Path file = dir.resolve("state/audit-previous-settings");
        AuditStatus before = KernelAudit.status();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KilledAuditDaemon.class.getName(), file.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.startsWith("started")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null && line.equals("started DAEMON"), "the child did not start as daemon: " + seen);
            AuditStatus during = KernelAudit.status();
            assertNotEquals(restorable(before), restorable(during),
                    "Hookline's settings equal the host's, so this test could not tell them apart");
            assertTrue(Files.exists(file), "the killed run saved the host's settings");
        } finally {
            child.destroyForcibly(); // SIGKILL: no close(), nothing restored
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertNotEquals(restorable(before), restorable(KernelAudit.status()), "kill -9 left Hookline's settings");

        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults().withPreviousSettingsFile(file.toString()))) {
            c.start();
            assertEquals(AuditCollector.Mode.DAEMON, c.mode());
            assertEquals(restorable(before), restorable(c.initialStatus()), "the previous settings are the host's");
            assertTrue(c.description().contains("restoring from " + file), c.description());
        }
        AuditStatus after = KernelAudit.status();
        assertEquals(restorable(before), restorable(after));
        assertEquals(0, after.pid(), "no audit daemon left registered");
        assertFalse(Files.exists(file), "the file is deleted once the host's settings are back");

        // a clean run on its own saves and deletes the file too, and restores the same settings
        try (AuditCollector c = new AuditCollector(ctx, AuditSettings.defaults().withPreviousSettingsFile(file.toString()))) {
            c.start();
            assertTrue(Files.readString(file).startsWith(restorable(before)), Files.readString(file));
        }
        assertEquals(restorable(before), restorable(KernelAudit.status()));
        assertFalse(Files.exists(file));
    }
}
