package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlClient;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRunsRulesOverCollectorEventsTest {
    private static AgentConfig config(Path dir) throws Exception {
        return ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n    fsync: every_line\n"
                + "control:\n  socket: " + dir.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                + "store:\n  path: " + dir.resolve("store") + "\n", "test");
    }

    @Test
    void aQueryOverTheControlSocketCannotMakeTheAgentReadLocalFiles(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "only-root-may-read-this\n");
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        try (Agent agent = Agent.start(config(dir), new PrintStream(new ByteArrayOutputStream(), true))) {
            ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
            KqlException e = assertThrows(KqlException.class,
                    () -> client.query("externaldata (line:string) [@\"" + secret + "\"] with (format=\"txt\")"));
            assertTrue(e.getMessage().contains("externaldata from local files is disabled here"), e.getMessage());
            // the same query over an events file, run by the user, reads it (the CLI reads with the user's rights)
            assertEquals(1, Kql.compile("externaldata (line:string) [@\"" + secret + "\"] with (format=\"txt\")")
                    .run((table, consumer) -> { }, 0).rows().size());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }

    @Test
    void collectorEventsBecomeAlertsInTheFileAndTheAgentAnswersStatusAndQueries(@TempDir Path dir) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Agent agent = Agent.start(config(dir), new PrintStream(log, true))) {
            Path alerts = dir.resolve("alerts.jsonl");
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> lines = List.of();
            while (System.nanoTime() < deadline) {
                lines = Files.exists(alerts) ? Files.readAllLines(alerts) : List.of();
                if (lines.size() >= 31) {
                    break;
                }
                Thread.sleep(50);
            }
            // 30 detections from the seed fixtures (20 seed pack, 10 Hookline pack) plus the collector's health alert.
            assertEquals(31, lines.size(), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"AlertType\":\"AgentHealth\"")));
            assertTrue(lines.stream().filter(l -> l.contains("\"RuleId\"")).count() == 30);

            ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
            Map<String, Object> status = client.status();
            assertEquals(30L, ((Number) status.get("alerts")).longValue(), status.toString());
            assertEquals(39L, ((Number) status.get("events_evaluated")).longValue(), status.toString());
            // what each collector does, as it says itself
            assertEquals("replaying 39 fixture events", status.get("collector.test-replay"), status.toString());
            ResultTable t = client.query("DeviceNetworkEvents | where RemoteIPType == \"Loopback\" | project RemotePort");
            assertEquals(1, t.rows().size());
            assertEquals(4873, ((Number) t.rows().get(0)[0]).intValue());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
        assertTrue(log.toString().contains("hookline: running"), log.toString());
        assertTrue(log.toString().contains("hookline: collector test-replay: replaying 39 fixture events"),
                log.toString());
    }

    @Test
    void aSectionForACollectorOfAnotherOsIsIgnoredWithANotice(@TempDir Path dir) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentConfig c = ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n"
                + "control:\n  socket: " + dir.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                + "collectors:\n  test-elsewhere:\n    sha256: true\n", "test");
        try (Agent agent = Agent.start(c, new PrintStream(log, true))) {
            assertTrue(log.toString().contains("hookline: collectors.test-elsewhere: a collector for another operating "
                    + "system; its settings were checked and are ignored here"), log.toString());
            assertFalse(agent.unavailableCollectors().containsKey("test-elsewhere"), log.toString());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }

    @Test
    void everyEventLandsInTheStoreAndQueriesSinceReadStoreAndRingOnceAcrossARestart(@TempDir Path dir)
            throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        String count = "union DeviceProcessEvents, DeviceNetworkEvents, DeviceFileEvents | count";
        long week = 7 * 86_400_000_000_000L; // the fixtures span two days
        try {
            try (Agent agent = Agent.start(config(dir), new PrintStream(new ByteArrayOutputStream(), true))) {
                ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
                awaitEvaluated(client, 39);
                // Right away the events are in the ring, in the store's queue or in an open block: each counted once.
                assertEquals(39L, countOf(client, count, week));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline && number(client.status(), "store_events_written") < 39) {
                    Thread.sleep(100);
                }
                Map<String, Object> status = client.status();
                assertEquals(39L, number(status, "store_events_written"), status.toString());
                assertTrue(number(status, "store_bytes") > 0, status.toString());
                assertTrue(String.valueOf(status.get("store.oldest_event")).matches("\\d{4}-.*Z"), status.toString());
                assertEquals(39L, countOf(client, count, week), "written: read from the store, not twice");
                assertEquals(39L, countOf(client, count, 0), "the ring alone, as before");
            }
            try (Agent agent = Agent.start(config(dir), new PrintStream(new ByteArrayOutputStream(), true))) {
                ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
                awaitEvaluated(client, 39);
                assertEquals(78L, countOf(client, count, week), "the last run's events are history now");
                assertEquals(39L, countOf(client, count, 0));
                // no --since: the query's own time filter says how far back it reads, the store included
                assertEquals(78L, countOf(client, "union DeviceProcessEvents, DeviceNetworkEvents, DeviceFileEvents"
                        + " | where Timestamp > ago(3650d) | count", 0));
            }
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }

    private static void awaitEvaluated(ControlClient client, long n) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && number(client.status(), "events_evaluated") < n) {
            Thread.sleep(50);
        }
    }

    private static long number(Map<String, Object> status, String key) {
        Object v = status.get(key);
        return v == null ? -1 : ((Number) v).longValue();
    }

    private static long countOf(ControlClient client, String kql, long sinceNanos) throws Exception {
        ResultTable t = client.query(kql, sinceNanos);
        return ((Number) t.rows().get(0)[0]).longValue();
    }

    @Test
    void collectorsAreToldTheAgentsOwnFilesToWatchForTampering(@TempDir Path dir) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        System.setProperty("hookline.launcher", "/opt/hookline/hookline");
        try (Agent agent = Agent.start(config(dir), new PrintStream(new ByteArrayOutputStream(), true))) {
            List<String> paths = ReplayCollectorProvider.lastContext.protectedPaths();
            assertTrue(paths.contains("/opt/hookline/hookline"), paths.toString());
            assertTrue(paths.contains(ConfigLoader.DEFAULT_FILE), "no --config on this JVM's command line: " + paths);
            String firstClassPathEntry = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
            assertTrue(paths.contains(Path.of(firstClassPathEntry).toAbsolutePath().normalize().toString()),
                    paths.toString());
            assertTrue(paths.stream().allMatch(p -> p.startsWith("/")), paths.toString());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
            System.clearProperty("hookline.launcher");
        }
    }

    @Test
    void withNoCollectorTheAgentRefusesToRunBlindAndSaysWhy(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentException e = assertThrows(AgentException.class, () -> Agent.start(config(dir), new PrintStream(log, true)));
        assertTrue(e.getMessage().contains("no event collector could start") && e.getMessage().contains("test-replay"),
                e.getMessage());
        assertTrue(e.getMessage().contains("hookline detect"), e.getMessage());
    }
}
