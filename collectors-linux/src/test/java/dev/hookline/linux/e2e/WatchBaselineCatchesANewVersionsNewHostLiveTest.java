package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.watch.Watch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "approved package turned malicious" case with a real npm under {@code hookline watch --baseline}: version
 * 1.0.0's postinstall fetches from one loopback server and is recorded; version 1.0.1 also fetches from a second
 * one, and the same baseline reports that host as new behaviour and fails the watch. The second run's SARIF names
 * the package.
 */
class WatchBaselineCatchesANewVersionsNewHostLiveTest {
    private static final String NAME = "hookline-prov-baseline";

    private static Path project(Path tmp, String dir, String version, String postinstall) throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve(dir + "/pkg"));
        Files.writeString(pkg.resolve("package.json"), new ObjectMapper().writeValueAsString(java.util.Map.of(
                "name", NAME, "version", version, "scripts", java.util.Map.of("postinstall", postinstall))) + "\n");
        Path proj = Files.createDirectories(tmp.resolve(dir + "/proj"));
        Files.writeString(proj.resolve("package.json"), "{\"name\":\"proj\",\"version\":\"0.0.0\"}\n");
        return proj;
    }

    private static Watch.Result watch(Path npm, Path proj, Path baseline, Path sarif, ByteArrayOutputStream out)
            throws Exception {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        // watch runs the command with the JVM's stdio, which surefire's fork protocol owns: keep npm off it.
        String npmLine = npm + " install --install-links --no-audit --no-fund --offline "
                + proj.getParent().resolve("pkg") + " </dev/null >" + proj.getParent().resolve("npm.log") + " 2>&1";
        return Watch.run(new Watch.Options(List.of("sh", "-c", npmLine), null, null, proj, 64,
                Duration.ofMillis(1500), null, null, baseline, false, sarif), ps, ps);
    }

    @Test
    void version101sNewLoopbackHostIsReportedAgainstTheBaselineOf100AndFailsTheWatch(@TempDir Path tmp)
            throws Exception {
        Facilities.assumeAgentCanRun();
        Path npm = Facilities.assumeProgram("npm");
        Facilities.assumeProgram("curl");
        try (LoopbackHttp known = new LoopbackHttp(); LoopbackHttp fresh = new LoopbackHttp()) {
            String fetchKnown = "curl http://127.0.0.1:" + known.port() + "/k -s -m 1 || true";
            Path baseline = tmp.resolve("hookline-baseline.yaml");

            ByteArrayOutputStream out1 = new ByteArrayOutputStream();
            Watch.Result first = watch(npm, project(tmp, "v100", "1.0.0", fetchKnown), baseline, null, out1);
            assertEquals(0, first.exitCode(), out1.toString(StandardCharsets.UTF_8));
            assertEquals(1, known.hits("/k"), out1.toString(StandardCharsets.UTF_8));
            String recorded = Files.readString(baseline);
            assertTrue(recorded.contains("name: " + NAME) && recorded.contains("version: 1.0.0")
                    && recorded.contains("127.0.0.1:" + known.port()), recorded + out1);

            ByteArrayOutputStream out2 = new ByteArrayOutputStream();
            Path sarif = tmp.resolve("watch.sarif");
            Watch.Result second = watch(npm, project(tmp, "v101", "1.0.1", fetchKnown + "; curl http://127.0.0.1:"
                    + fresh.port() + "/n -s -m 1 || true"), baseline, sarif, out2);
            String summary = out2.toString(StandardCharsets.UTF_8);
            assertEquals(1, fresh.hits("/n"), summary);
            assertEquals(Watch.EXIT_ALERT, second.exitCode(), summary);
            assertEquals(List.of(NAME + "@1.0.1 (npm): contacts new host 127.0.0.1:" + fresh.port()
                    + " (baseline: 1.0.0)"), second.report().newBehaviour(), summary);
            assertTrue(summary.contains("new behaviour against the baseline: 1"), summary);
            assertTrue(summary.contains(NAME + "@1.0.1, npm postinstall: spawned"), summary);
            assertEquals(recorded, Files.readString(baseline), "a compare run must not rewrite the baseline");

            JsonNode log = new ObjectMapper().readTree(sarif.toFile());
            assertEquals("2.1.0", log.path("version").asText());
            boolean named = false;
            for (JsonNode r : log.path("runs").get(0).path("results")) {
                named |= (NAME + "@1.0.1").equals(r.path("locations").get(0).path("logicalLocations").get(0)
                        .path("name").asText());
            }
            assertTrue(named, "no SARIF result located at the package: " + log);
        }
    }
}
