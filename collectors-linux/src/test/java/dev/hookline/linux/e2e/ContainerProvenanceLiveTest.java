package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.Programs;
import dev.hookline.watch.Watch;
import dev.hookline.watch.WatchReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real container (rootful podman, runc, an image imported from a static busybox): the rows of its processes carry
 * the container's id, runtime and image, and {@code hookline watch -- podman run ...} counts what the container did
 * as the command's although its processes are children of conmon, not of the watched podman.
 */
class ContainerProvenanceLiveTest {
    @Test
    void processesInAPodmanContainerCarryItsIdRuntimeAndImage(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Podman podman = Podman.assumeRuns(tmp.resolve("podman"));
        try (LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            Path cidfile = tmp.resolve("cid");
            Programs.Result r = Programs.run(tmp, Map.of(), 120, podman.run(List.of("--cidfile",
                    cidfile.toString()), "/bin/sh", "-c", "sleep 0.2; cat /proc/self/cgroup"));
            assertEquals(0, r.exit(), r.output());
            String cid = Files.readString(cidfile).trim();
            assertTrue(cid.matches("[0-9a-f]{64}"), cid);
            List<Map<String, Object>> rows = agent.awaitRows("DeviceProcessEvents | where ActionType == "
                    + "\"ProcessCreated\" and AdditionalFields has \"" + cid + "\" | project FileName, "
                    + "ProcessCommandLine, AdditionalFields", 3000);
            assertFalse(rows.isEmpty(), "no process row of container " + cid + agent.diagnostics());
            String runtimes = "\nruntime rows: " + agent.awaitRows("DeviceProcessEvents | where ProcessCommandLine has \""
                    + cid + "\" | project FileName, ProcessCommandLine, InitiatingProcessFileName", 100);
            boolean first = false;
            for (Map<String, Object> row : rows) {
                JsonNode f = InstallProvenanceNpmLiveTest.fields(row.get("AdditionalFields"));
                assertEquals(cid, f.path("ContainerId").asText(), row.toString());
                assertEquals("podman", f.path("ContainerRuntime").asText(), row.toString());
                assertEquals(Podman.IMAGE, f.path("ContainerImage").asText(), row + runtimes);
                first |= String.valueOf(row.get("ProcessCommandLine")).contains("cat /proc/self/cgroup");
            }
            assertTrue(first, "the container's first process has no row: " + rows);
        } finally {
            podman.clean();
        }
    }

    @Test
    void watchFollowsAPodmanRunIntoItsContainer(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Podman podman = Podman.assumeRuns(tmp.resolve("podman"));
        try {
            // Port 9 on the container's own loopback (no network): refused, but the attempt is a connection row.
            // (busybox-static's wget crashes in a bare image: nc connects without resolver code.)
            List<String> run = podman.run(List.of(), "/bin/sh", "-c", "nc 127.0.0.1 9; sleep 0.2; true");
            // watch runs the command with the JVM's stdio, which surefire's fork protocol owns: keep podman off it.
            String line = String.join(" ", run.stream().map(a -> "'" + a + "'").toList()) + " </dev/null >"
                    + tmp.resolve("podman.log") + " 2>&1";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            Watch.Result result = Watch.run(new Watch.Options(List.of("sh", "-c", line), null, null, tmp, 64,
                    Duration.ofMillis(1500), null, null), ps, ps);
            String summary = out.toString(StandardCharsets.UTF_8) + "\npodman: "
                    + Files.readString(tmp.resolve("podman.log"));
            assertEquals(0, result.commandExit(), summary);
            boolean inContainer = false;
            for (WatchReport.Endpoint ep : result.report().endpoints()) {
                inContainer |= ep.remotePort() == 9 && ep.commandLine().contains("nc 127.0.0.1 9");
            }
            assertTrue(inContainer, "the container's connection attempt is not in the watch report:\n"
                    + result.report().endpoints() + "\n" + summary);
        } finally {
            podman.clean();
        }
    }
}
