package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Pip;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code pip install} of a local setup.py package that runs {@code id} and {@code sh -c "id; curl http..."}
 * at install time: the agent records both children of python and the seed rule T1195.001 alerts on the shell.
 */
class PipSetupPyHookIsCaughtLiveTest {
    /** The first python3 whose pip can build a setup.py package offline (see {@link Pip#pythonWithSetuptools}). */
    private static Path pythonThatCanInstallSetupPy() throws Exception {
        try {
            return Pip.pythonWithSetuptools();
        } catch (java.io.IOException e) {
            Facilities.skipIf(true, e.getMessage());
            return null;
        }
    }

    @Test
    void setupPyChildrenAreRecordedAndTheShellIsAlerted(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Facilities.assumeProgram("id");
        Path python = pythonThatCanInstallSetupPy();
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            Path pkg = Files.createDirectories(tmp.resolve("pkg"));
            Files.writeString(pkg.resolve("setup.py"), String.join("\n",
                    "import subprocess",
                    "from setuptools import setup",
                    "subprocess.run([\"id\"])",
                    "subprocess.run([\"sh\", \"-c\", \"id; curl http://127.0.0.1:" + http.port()
                            + "/y -s -m 1 || true\"])",
                    "setup(name=\"hookline-e2e-pyhook\", version=\"1.0.0\", py_modules=[])", ""));
            Programs.Result r = Programs.run(tmp, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_NO_INPUT", "1"),
                    90, List.of(python.toString(), "-m", "pip", "install", "--no-index", "--no-build-isolation",
                            "--target", tmp.resolve("site").toString(), pkg.toString()));
            assertEquals(0, r.exit(), "pip install failed:\n" + r.output());
            assertTrue(http.hits("/y") >= 1, "setup.py did not run:\n" + r.output());

            JsonNode alert = agent.awaitAlert(a -> a.path("RuleId").asText().equals("hookline.seed.t1195-001")
                    && a.path("Row").path("ProcessCommandLine").asText().contains("/y"), r.finishedNanos(), 2000);
            assertNotNull(alert, "no T1195.001 alert within 2 s of pip finishing" + agent.diagnostics());
            assertEquals("PackageManagerSpawnedSuspiciousChild", alert.path("Arm").asText(), alert.toString());
            JsonNode row = alert.path("Row");
            assertEquals("dash", row.path("FileName").asText(), alert.toString());
            assertTrue(row.path("InitiatingProcessFileName").asText().startsWith("python3"), alert.toString());
            assertTrue(alert.path("ProcessAncestry").size() > 0, "no ProcessAncestry: " + alert);

            // setup.py runs once per build step (metadata, then the wheel): every run gives an id and an sh row.
            List<Map<String, Object>> idRows = agent.query("DeviceProcessEvents | where FileName == \"id\""
                    + " and ProcessCommandLine == \"id\" and InitiatingProcessFileName has \"python3\""
                    + " | project FileName, InitiatingProcessFileName, InitiatingProcessCommandLine");
            assertFalse(idRows.isEmpty(), "no id row started by python" + agent.diagnostics());
            List<Map<String, Object>> shRows = agent.query("DeviceProcessEvents | where FileName == \"dash\""
                    + " and ProcessCommandLine has \"/y\" | project FileName, ProcessCommandLine,"
                    + " InitiatingProcessFileName, InitiatingProcessCommandLine");
            assertEquals(idRows.size(), shRows.size(), shRows + " vs " + idRows);
            for (Map<String, Object> sh : shRows) {
                assertTrue(((String) sh.get("InitiatingProcessFileName")).startsWith("python3"), sh.toString());
            }
        }
    }
}
