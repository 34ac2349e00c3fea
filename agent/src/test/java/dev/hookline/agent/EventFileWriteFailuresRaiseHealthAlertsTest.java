package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.collector.HostIdentity;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlClient;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.output.RawEventFiles;
import dev.hookline.schema.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw event file (raw_events) that cannot be written raises EventFileFailing once per streak and
 * EventFileRecovered when it writes again, as the alert file and the spools do; before, it was only counted.
 */
class EventFileWriteFailuresRaiseHealthAlertsTest {
    private static long count(List<String> lines, String kind) {
        return lines.stream().filter(l -> l.contains("\"Kind\":\"" + kind + "\"")).count();
    }

    private static HealthAlerts health(List<String> out) {
        return new HealthAlerts(new HostIdentity("h", "id"), out::add, TimeUnit.SECONDS.toNanos(60));
    }

    @Test
    void aFileThatCannotBeOpenedFailsOnceAndRecoveryIsReported(@TempDir Path dir) throws Exception {
        List<String> alerts = new ArrayList<>();
        try (RawEventFiles raw = new RawEventFiles(dir, 1 << 20, 1, FsyncPolicy.never())) {
            raw.listener(new EventFileHealth(health(alerts)));
            // a directory where the table's file should be: open fails, for root too
            Files.createDirectory(raw.fileFor(Table.DeviceProcessEvents));
            for (int i = 0; i < 3; i++) {
                assertThrows(IOException.class, () -> raw.write(Table.DeviceProcessEvents, "{\"n\":1}"));
            }
            raw.write(Table.DeviceFileEvents, "{\"n\":2}"); // another table's file is fine
            assertEquals(1, count(alerts, EventFileHealth.FAILING), alerts.toString());
            assertTrue(alerts.get(0).contains("DeviceProcessEvents.jsonl"), alerts.get(0));

            Files.delete(raw.fileFor(Table.DeviceProcessEvents));
            raw.write(Table.DeviceProcessEvents, "{\"n\":3}");
            assertEquals(1, count(alerts, EventFileHealth.RECOVERED), alerts.toString());
            assertTrue(alerts.get(1).contains("after 3 failed writes"), alerts.get(1));
            raw.write(Table.DeviceProcessEvents, "{\"n\":4}");
            assertEquals(2, alerts.size(), "a good write after recovery is no news");
            assertEquals(List.of("{\"n\":3}", "{\"n\":4}"), Files.readAllLines(raw.fileFor(Table.DeviceProcessEvents)));
        }
    }

    @Test
    void aFullFilesystemRaisesTheAlert(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: cannot mount a small tmpfs");
        Path mnt = Files.createDirectory(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes());
        assumeTrue(mount.waitFor() == 0, "mount -t tmpfs failed (no CAP_SYS_ADMIN here?): " + why);
        try {
            List<String> alerts = new ArrayList<>();
            try (RawEventFiles raw = new RawEventFiles(mnt, 1 << 30, 1, FsyncPolicy.never())) {
                raw.listener(new EventFileHealth(health(alerts)));
                String line = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
                int failed = 0;
                for (int i = 0; i < 200; i++) { // 200 KB into 64 KiB
                    try {
                        raw.write(Table.DeviceProcessEvents, line);
                    } catch (IOException e) {
                        failed++;
                    }
                }
                assertTrue(failed > 0, "the tmpfs took 200 KB");
                assertEquals(1, count(alerts, EventFileHealth.FAILING), alerts.toString());
                assertTrue(alerts.get(0).contains("No space left on device"), alerts.get(0));
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }

    @Test
    void theRunningAgentRaisesItInTheAlertFile(@TempDir Path dir) throws Exception {
        Path events = Files.createDirectories(dir.resolve("events"));
        Files.createDirectory(events.resolve("DeviceProcessEvents.jsonl"));
        AgentConfig c = ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n"
                + "control:\n  socket: " + dir.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                + "store:\n  enabled: false\nraw_events:\n  enabled: true\n  dir: " + events + "\n", "test");
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Agent agent = Agent.start(c, new PrintStream(log, true))) {
            ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            Map<String, Object> status = client.status();
            while (System.nanoTime() < deadline && ((Number) status.get("events_evaluated")).longValue() < 39) {
                Thread.sleep(50);
                status = client.status();
            }
            assertTrue(((Number) status.get("raw_output_errors")).longValue() > 0, status.toString());
            List<String> lines = Files.readAllLines(dir.resolve("alerts.jsonl"));
            assertEquals(1, count(lines, EventFileHealth.FAILING), String.join("\n", lines));
            String a = lines.stream().filter(l -> l.contains(EventFileHealth.FAILING)).findFirst().orElseThrow();
            assertTrue(a.contains("\"AlertType\":\"AgentHealth\"") && a.contains("DeviceProcessEvents.jsonl"), a);
            assertTrue(Files.size(events.resolve("DeviceNetworkEvents.jsonl")) > 0, "other tables are written");
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }
}
