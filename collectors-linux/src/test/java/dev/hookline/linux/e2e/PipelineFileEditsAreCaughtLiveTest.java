package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shells editing CI/CD files in a repo on a watched (non-excluded) filesystem: fanotify rows reach the seed's
 * pipeline arm. A created workflow and a modified Makefile alert; a rename carries both paths (and alerts, the
 * workflow folder matching); a delete is recorded and does not alert.
 */
class PipelineFileEditsAreCaughtLiveTest {
    private static Programs.Result sh(Path dir, String script) throws Exception {
        Programs.Result r = Programs.run(dir, Map.of(), 30, List.of("/bin/sh", "-c", script));
        assertEquals(0, r.exit(), script + ": " + r.output());
        return r;
    }

    private static boolean pipelineAlert(JsonNode a, String action, String path) {
        return a.path("Arm").asText().equals("CICDPipelineFileModified")
                && a.path("Row").path("ActionType").asText().equals(action)
                && a.path("Row").path("FolderPath").asText().equals(path);
    }

    @Test
    void workflowAndMakefileEditsAlertRenameAndDeleteAreRecorded(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        // A repo under the module's target/: the build's own disk, never a /run or /dev mount the collector skips.
        Path repo = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "e2e-repo-")
                .toRealPath();
        try (LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            Map<String, Object> status = agent.status();
            assertTrue(String.valueOf(status.get("collectors")).contains("linux-fanotify"),
                    "fanotify collector not running: " + status);
            String wf = repo.resolve(".github/workflows/ci.yml").toString();
            String wfOld = repo.resolve(".github/workflows/ci-old.yml").toString();
            String mk = repo.resolve("Makefile").toString();
            // Written by the agent's own process (this JVM): not reported, so the shell's append is a pure modify.
            Files.writeString(repo.resolve("Makefile"), "all:\n");

            Programs.Result created = sh(repo, "mkdir -p .github/workflows && printf 'on: push\\n' > .github/workflows/ci.yml");
            JsonNode a = agent.awaitAlert(x -> pipelineAlert(x, "FileCreated", wf), created.finishedNanos(), 2000);
            assertNotNull(a, "no alert for the created workflow within 2 s" + agent.diagnostics());
            assertEquals("hookline.seed.t1195-001", a.path("RuleId").asText());
            assertEquals("ci.yml", a.path("Row").path("FileName").asText(), a.toString());
            assertEquals("dash", a.path("Row").path("InitiatingProcessFileName").asText(), a.toString());
            assertTrue(a.path("Row").path("InitiatingProcessCommandLine").asText().contains("ci.yml"), a.toString());

            Programs.Result modified = sh(repo, "echo x >> Makefile");
            a = agent.awaitAlert(x -> pipelineAlert(x, "FileModified", mk), modified.finishedNanos(), 2000);
            assertNotNull(a, "no alert for the modified Makefile within 2 s" + agent.diagnostics());
            assertEquals("Makefile", a.path("Row").path("FileName").asText(), a.toString());
            assertEquals("dash", a.path("Row").path("InitiatingProcessFileName").asText(), a.toString());
            String firstMakefileAlert = a.path("AlertId").asText();

            Programs.Result renamed = sh(repo, "mv .github/workflows/ci.yml .github/workflows/ci-old.yml");
            a = agent.awaitAlert(x -> pipelineAlert(x, "FileRenamed", wfOld), renamed.finishedNanos(), 2000);
            assertNotNull(a, "no alert for the renamed workflow within 2 s" + agent.diagnostics());
            List<Map<String, Object>> rows = agent.query("DeviceFileEvents | where ActionType == \"FileRenamed\""
                    + " and FolderPath == \"" + wfOld + "\" | project FileName, FolderPath, PreviousFileName,"
                    + " PreviousFolderPath, InitiatingProcessFileName");
            assertEquals(1, rows.size(), rows + agent.diagnostics());
            assertEquals("ci-old.yml", rows.get(0).get("FileName"));
            assertEquals("ci.yml", rows.get(0).get("PreviousFileName"));
            assertEquals(wf, rows.get(0).get("PreviousFolderPath"));
            assertEquals("mv", rows.get(0).get("InitiatingProcessFileName"));

            sh(repo, "rm .github/workflows/ci-old.yml");
            // Barrier: a later alerting edit; the collector and the rules keep event order, so once its alert is
            // in the file the delete before it has been evaluated.
            Programs.Result barrier = sh(repo, "echo y >> Makefile");
            assertNotNull(agent.awaitAlert(x -> pipelineAlert(x, "FileModified", mk)
                    && !x.path("AlertId").asText().equals(firstMakefileAlert), barrier.finishedNanos(), 2000),
                    "no alert for the second Makefile edit within 2 s" + agent.diagnostics());
            rows = agent.query("DeviceFileEvents | where ActionType == \"FileDeleted\" and FolderPath == \""
                    + wfOld + "\" | project FileName, InitiatingProcessFileName");
            assertEquals(1, rows.size(), rows + agent.diagnostics());
            assertEquals("ci-old.yml", rows.get(0).get("FileName"));
            assertEquals("rm", rows.get(0).get("InitiatingProcessFileName"));
            for (JsonNode x : agent.alerts()) {
                assertNotEquals("FileDeleted", x.path("Row").path("ActionType").asText(), "a delete alerted: " + x);
            }
        } finally {
            deleteTree(repo);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
