package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code npm install} of a local package whose postinstall hook runs whoami and curl: the agent records the
 * shell npm's node starts and its children, and the seed rule T1195.001 raises its hook-child alert within 2 s.
 */
class NpmPostinstallHookIsCaughtLiveTest {
    @Test
    void npmPostinstallShellIsRecordedAndAlerted(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Path npm = Facilities.assumeProgram("npm");
        Facilities.assumeProgram("node");
        Facilities.assumeProgram("curl");
        Facilities.assumeProgram("whoami");
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            Path pkg = Files.createDirectories(tmp.resolve("pkg"));
            Path proj = Files.createDirectories(tmp.resolve("proj"));
            // "curl http" is one of the rule's command-line markers: nothing may stand between curl and the URL.
            String hook = "whoami && curl http://127.0.0.1:" + http.port() + "/x -s -m 1 || true";
            Files.writeString(pkg.resolve("package.json"), "{\"name\":\"hookline-e2e-hook\",\"version\":\"1.0.0\","
                    + "\"scripts\":{\"postinstall\":\"" + hook + "\"}}\n");
            Programs.Result r = Programs.run(proj, Map.of("npm_config_update_notifier", "false"), 60, List.of(
                    npm.toString(), "install", "--install-links", "--no-audit", "--no-fund", "--offline",
                    pkg.toString()));
            assertEquals(0, r.exit(), "npm install failed:\n" + r.output());
            assertEquals(1, http.hits("/x"), "the postinstall hook did not run (npm blocked install scripts?):\n"
                    + r.output());

            JsonNode alert = agent.awaitAlert(a -> a.path("RuleId").asText().equals("hookline.seed.t1195-001")
                    && a.path("Row").path("FileName").asText().equals("dash"), r.finishedNanos(), 2000);
            assertNotNull(alert, "no T1195.001 alert within 2 s of npm finishing" + agent.diagnostics());
            assertEquals("PackageManagerSpawnedSuspiciousChild", alert.path("Arm").asText(), alert.toString());
            JsonNode row = alert.path("Row");
            assertEquals("node", row.path("InitiatingProcessFileName").asText(), alert.toString());
            assertTrue(row.path("ProcessCommandLine").asText().contains("curl http://127.0.0.1:" + http.port()),
                    alert.toString());
            boolean npmInAncestry = false;
            for (JsonNode p : alert.path("ProcessAncestry")) {
                npmInAncestry |= p.path("FileName").asText().equals("node")
                        && p.path("ProcessCommandLine").asText().contains("npm install");
            }
            assertTrue(npmInAncestry, "ProcessAncestry lacks the npm process: " + alert);

            List<Map<String, Object>> shells = agent.query("DeviceProcessEvents | where FileName == \"dash\""
                    + " and ProcessCommandLine has \"whoami\" | project FileName, ProcessCommandLine,"
                    + " InitiatingProcessFileName, InitiatingProcessCommandLine, ProcessId");
            assertEquals(1, shells.size(), shells + agent.diagnostics());
            Map<String, Object> sh = shells.get(0);
            assertEquals("node", sh.get("InitiatingProcessFileName"), sh.toString());
            String npmLine = (String) sh.get("InitiatingProcessCommandLine");
            assertTrue(npmLine.contains("npm") && npmLine.contains("install") && npmLine.contains("--install-links")
                    && npmLine.contains(pkg.toString()), sh.toString());
            for (String child : List.of("whoami", "curl")) {
                List<Map<String, Object>> rows = agent.query("DeviceProcessEvents | where FileName == \"" + child
                        + "\" and InitiatingProcessId == " + sh.get("ProcessId")
                        + " | project FileName, InitiatingProcessFileName, InitiatingProcessCommandLine");
                assertEquals(1, rows.size(), child + ": " + rows + agent.diagnostics());
                assertEquals("dash", rows.get(0).get("InitiatingProcessFileName"), rows.toString());
            }
        }
    }
}
