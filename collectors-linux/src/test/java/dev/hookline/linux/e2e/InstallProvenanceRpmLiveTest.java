package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real rpm: a .rpm built here with rpmbuild whose %post curls a loopback server, installed with {@code rpm -i
 * --nodeps --dbpath} into a database under the temp dir (the host's rpm database is never touched). rpm tells the
 * scriptlet nothing; the curl's rows still name the package, its version-release and %post, read from the .rpm's
 * header that rpm has open.
 */
class InstallProvenanceRpmLiveTest {
    private static final String NAME = "hookline-prov-rpm";

    @Test
    void rpmPostScriptletChildrenCarryThePackageVersionAndPhase(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Path rpmbuild = Facilities.assumeProgram("rpmbuild");
        Path rpm = Facilities.assumeProgram("rpm");
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String url = "http://127.0.0.1:" + http.port() + "/rpm";
            Path specs = Files.createDirectories(tmp.resolve("top/SPECS"));
            Files.writeString(specs.resolve("p.spec"), String.join("\n", "Name: " + NAME, "Version: 2.3.4",
                    "Release: 1", "Summary: install provenance test", "License: MIT", "BuildArch: noarch",
                    "%description", "install provenance test", "%post", "curl " + url + " -s -m 1 || true",
                    "%files", ""));
            Programs.runOk(tmp, Map.of(), 120, List.of(rpmbuild.toString(), "-bb", "--define", "_topdir "
                    + tmp.resolve("top"), specs.resolve("p.spec").toString()));
            Path built = tmp.resolve("top/RPMS/noarch/" + NAME + "-2.3.4-1.noarch.rpm");
            assertTrue(Files.exists(built), "rpmbuild made no " + built);
            Path db = Files.createDirectories(tmp.resolve("rpmdb"));
            // A relative .rpm path, as a user types it: the header is found through rpm's open file or its cwd.
            Programs.Result r = Programs.run(built.getParent(), Map.of(), 120, List.of(rpm.toString(), "-i",
                    "--nodeps", "--dbpath", db.toString(), built.getFileName().toString()));
            assertEquals(0, r.exit(), "rpm -i failed:\n" + r.output());
            assertEquals(1, http.hits("/rpm"), "%post did not run:\n" + r.output());

            List<Map<String, Object>> curls = agent.awaitRows("DeviceProcessEvents | where FileName == \"curl\" and "
                    + "ProcessCommandLine has \"" + url + "\" | project ProcessId, AdditionalFields", 3000);
            assertEquals(1, curls.size(), curls + agent.diagnostics());
            InstallProvenanceNpmLiveTest.assertInstall("rpm", NAME, "2.3.4-1", "%post",
                    curls.get(0).get("AdditionalFields"), "curl row");
            List<Map<String, Object>> conns = agent.awaitRows("DeviceNetworkEvents | where RemotePort == "
                    + http.port() + " and InitiatingProcessId == " + curls.get(0).get("ProcessId")
                    + " | project AdditionalFields", 3000);
            assertFalse(conns.isEmpty(), "no connection row of the curl" + agent.diagnostics());
            InstallProvenanceNpmLiveTest.assertInstall("rpm", NAME, "2.3.4-1", "%post",
                    conns.get(0).get("AdditionalFields"), "connection row");
        }
    }
}
