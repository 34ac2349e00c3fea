package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code npm install} of two local packages whose postinstall hooks curl a loopback server, one of which
 * installs a third package from its own hook: every curl's process row, its connection's row, a file a hook writes
 * and the alerts name the package, version and phase the hook belongs to, the nested one its own.
 */
class InstallProvenanceNpmLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fields(Object additionalFields) throws Exception {
        if (additionalFields == null) {
            return JSON.createObjectNode();
        }
        // A query returns the dynamic column parsed (a map); the alert's row keeps the JSON text.
        return additionalFields instanceof String s ? JSON.readTree(s) : JSON.valueToTree(additionalFields);
    }

    static void assertInstall(String manager, String pkg, String version, String phase, Object additionalFields,
                              String where) throws Exception {
        JsonNode f = fields(additionalFields);
        assertEquals(manager, f.path("InstallManager").asText(null), where);
        assertEquals(pkg, f.path("InstallPackage").asText(null), where);
        assertEquals(version, f.path("InstallVersion").asText(null), where);
        assertEquals(phase, f.path("InstallPhase").asText(null), where);
    }

    private static Path pkg(Path dir, String name, String version, String postinstall) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve("package.json"), JSON.writeValueAsString(Map.of("name", name, "version", version,
                "scripts", Map.of("postinstall", postinstall))) + "\n");
        return p;
    }

    @Test
    void eachHooksRowsAndAlertsNameItsOwnPackageEvenWhenOneHookInstallsAnother(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Path npm = Facilities.assumeProgram("npm");
        Facilities.assumeProgram("node");
        Facilities.assumeProgram("curl");
        // Under target/, not /tmp: file rows are recorded where a project lives.
        Path proj = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "e2e-prov-npm-").toRealPath();
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String base = "curl http://127.0.0.1:" + http.port();
            Path c = pkg(tmp, "hookline-prov-c", "3.0.0", base + "/c -s -m 1 || true");
            Path nested = Files.createDirectories(tmp.resolve("nested"));
            Path a = pkg(tmp, "hookline-prov-a", "1.0.0", base + "/a -s -m 1; mkdir -p \"$INIT_CWD/.github/workflows\""
                    + " && echo a > \"$INIT_CWD/.github/workflows/a.yml\"; npm install --prefix " + nested
                    + " --install-links --no-audit --no-fund --offline " + c + " || true");
            Path b = pkg(tmp, "hookline-prov-b", "2.0.0", base + "/b -s -m 1 || true");
            Programs.Result r = Programs.run(proj, Map.of("npm_config_update_notifier", "false"), 120, List.of(
                    npm.toString(), "install", "--install-links", "--no-audit", "--no-fund", "--offline",
                    a.toString(), b.toString()));
            assertEquals(0, r.exit(), "npm install failed:\n" + r.output());
            for (String path : List.of("/a", "/b", "/c")) {
                assertEquals(1, http.hits(path), path + " not fetched: a hook did not run\n" + r.output());
            }
            Map<String, String[]> expected = Map.of("/a", new String[] {"hookline-prov-a", "1.0.0"},
                    "/b", new String[] {"hookline-prov-b", "2.0.0"}, "/c", new String[] {"hookline-prov-c", "3.0.0"});
            for (Map.Entry<String, String[]> x : expected.entrySet()) {
                String url = "http://127.0.0.1:" + http.port() + x.getKey();
                String pkgName = x.getValue()[0];
                String version = x.getValue()[1];
                List<Map<String, Object>> curls = agent.awaitRows("DeviceProcessEvents | where FileName == \"curl\""
                        + " and ProcessCommandLine has \"" + url + "\" | project ProcessId, AdditionalFields", 3000);
                assertEquals(1, curls.size(), url + ": " + curls + agent.diagnostics());
                assertInstall("npm", pkgName, version, "postinstall", curls.get(0).get("AdditionalFields"),
                        "curl process row of " + url);
                List<Map<String, Object>> conns = agent.awaitRows("DeviceNetworkEvents | where RemotePort == "
                        + http.port() + " and InitiatingProcessId == " + curls.get(0).get("ProcessId")
                        + " | project ActionType, AdditionalFields", 3000);
                assertFalse(conns.isEmpty(), url + ": no connection row" + agent.diagnostics());
                for (Map<String, Object> conn : conns) {
                    assertInstall("npm", pkgName, version, "postinstall", conn.get("AdditionalFields"),
                            "connection row of " + url);
                }
                JsonNode alert = agent.awaitAlert(al -> al.path("RuleId").asText().equals("hookline.seed.t1195-001")
                        && al.path("Row").path("ProcessCommandLine").asText().contains(url + " "), r.finishedNanos(),
                        3000);
                assertNotNull(alert, "no T1195.001 alert for " + url + agent.diagnostics());
                assertEquals(pkgName, alert.path("InstallContext").path("InstallPackage").asText(), alert.toString());
                assertEquals(version, alert.path("InstallContext").path("InstallVersion").asText(), alert.toString());
                assertEquals("postinstall", alert.path("InstallContext").path("InstallPhase").asText(),
                        alert.toString());
                assertTrue(alert.path("AlertTitle").asText().endsWith("(" + pkgName + "@" + version
                        + ", npm postinstall)"), alert.toString());
            }
            String wf = proj.resolve(".github/workflows/a.yml").toString();
            List<Map<String, Object>> writes = agent.awaitRows("DeviceFileEvents | where FolderPath == \"" + wf
                    + "\" | project ActionType, InitiatingProcessFileName, AdditionalFields", 3000);
            assertFalse(writes.isEmpty(), "no file row for " + wf + agent.diagnostics());
            assertInstall("npm", "hookline-prov-a", "1.0.0", "postinstall", writes.get(0).get("AdditionalFields"),
                    "file row " + writes);
            assertEquals(proj.toString(), fields(writes.get(0).get("AdditionalFields")).path("InstallProjectDir")
                    .asText(), writes.toString());
        }
    }
}
