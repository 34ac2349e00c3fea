package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlClient;
import dev.hookline.schedule.EventLines;
import dev.hookline.schedule.SentinelCorpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running agent runs a real Sentinel rule (Potential Build Process Compromise, its queryFrequency shortened
 * to a second for the test) on its own thread over store and ring: it fires once for the compromised build, not
 * for the near miss, and not again in the overlapping windows that follow; `status` reports its last run.
 */
class AgentRunsScheduledRulesOverHistoryTest {
    private static final long MIN = 60_000_000_000L;

    @Test
    void aSentinelRuleFiresOnceOverOverlappingWindowsAndStatusReportsItsLastRun(@TempDir Path dir) throws Exception {
        String text = Files.readString(SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS), StandardCharsets.UTF_8);
        assertTrue(text.contains("queryFrequency: 1d"));
        Path rule = Files.writeString(dir.resolve("build.yaml"), text.replace("queryFrequency: 1d",
                "queryFrequency: 1s"));
        AgentConfig config = ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl")
                + "\n    fsync: every_line\ncontrol:\n  socket: " + dir.resolve("ctl/control.sock")
                + "\nhealth:\n  log_interval_seconds: 0\nstore:\n  path: " + dir.resolve("store")
                + "\nrules:\n  packs: []\n  paths: [" + rule + "]\n", "test");

        // minutes ago, inside one five-minute bin of the rule's bin(TimeGenerated, 5m)
        long bin = 5 * MIN;
        long base = (System.currentTimeMillis() * 1_000_000L - 10 * MIN) / bin * bin + 30_000_000_000L;
        ReplayCollectorProvider.replacement = new EventLines()
                .add("DeviceProcessEvents", base, "ActionType", "ProcessCreated", "FileName", "dotnet.exe",
                        "ProcessCommandLine", "dotnet build", "AccountName", "ci", "InitiatingProcessFileName",
                        "runner.exe", "DeviceName", "build01.corp.example")
                .add("DeviceFileEvents", base + MIN, "ActionType", "FileCreated", "FileName", "Hook.cs",
                        "InitiatingProcessFileName", "implant.exe", "InitiatingProcessAccountName", "mallory",
                        "DeviceName", "build01.corp.example")
                // the near miss: on another host the source file changed before its build started
                .add("DeviceFileEvents", base + MIN, "ActionType", "FileModified", "FileName", "Main.cs",
                        "InitiatingProcessFileName", "code.exe", "InitiatingProcessAccountName", "dev",
                        "DeviceName", "build02.corp.example")
                .add("DeviceProcessEvents", base + 2 * MIN, "ActionType", "ProcessCreated", "FileName", "MSBuild.exe",
                        "ProcessCommandLine", "MSBuild.exe app.sln", "AccountName", "ci", "InitiatingProcessFileName",
                        "runner.exe", "DeviceName", "build02.corp.example")
                .events();
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Agent agent = Agent.start(config, new PrintStream(log, true))) {
            ControlClient client = new ControlClient(dir.resolve("ctl/control.sock"));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline && number(client.status(), "scheduled_runs") < 4) {
                Thread.sleep(100);
            }
            Map<String, Object> status = client.status();
            assertTrue(number(status, "scheduled_runs") >= 4, status.toString());
            assertEquals(1L, number(status, "scheduled_alerts"), status.toString());
            assertEquals(0L, number(status, "scheduled_run_failures"), status.toString());
            assertTrue(number(status, "scheduled_rows_already_raised") >= 1, "later windows saw the row again");
            String last = String.valueOf(status.get("scheduled.1bf6e165-5e32-420e-ab4f-0da8558a8be2"));
            assertTrue(last.startsWith("every 1s over 1d, alerts when rows gt 0; last run ")
                    && last.contains(" ms, 1 rows, 0 alerts, 1 already raised"), last);

            List<JsonNode> scheduled = new java.util.ArrayList<>();
            ObjectMapper m = new ObjectMapper();
            for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"))) {
                JsonNode n = m.readTree(line);
                if ("Scheduled".equals(n.path("AlertType").asText())) {
                    scheduled.add(n);
                }
            }
            assertEquals(1, scheduled.size(), scheduled.toString());
            assertEquals("build01.corp.example", scheduled.get(0).get("Row").get("DeviceName").asText());
            assertEquals("[{\"Type\":\"Host\",\"HostName\":\"build01\",\"DnsDomain\":\"corp.example\"},"
                    + "{\"Type\":\"Account\",\"Name\":\"mallory\"}]", scheduled.get(0).get("Entities").toString());
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
            ReplayCollectorProvider.replacement = null;
        }
        assertTrue(log.toString().contains("scheduled rule (Sentinel analytic rule): runs every 1s over 1d"),
                log.toString());
    }

    private static long number(Map<String, Object> status, String key) {
        Object v = status.get(key);
        return v == null ? -1 : ((Number) v).longValue();
    }
}
