package dev.hookline.linux.e2e;

import static dev.hookline.linux.e2e.InstallProvenanceNpmLiveTest.assertInstall;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Pip;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pip (a local sdist whose setup.py curls a loopback server), real dpkg (a .deb built here with dpkg-deb whose
 * postinst does) and real cargo (a build.rs that does, offline): the curl's process row, its connection row and the
 * alert name the package, version and phase.
 */
class InstallProvenancePipDpkgLiveTest {
    private static final String DEB = "hookline-prov-deb";

    private static List<Map<String, Object>> curlRows(LiveAgent agent, String url) throws Exception {
        return agent.awaitRows("DeviceProcessEvents | where FileName == \"curl\" and ProcessCommandLine has \"" + url
                + "\" | project ProcessId, AdditionalFields", 3000);
    }

    private static void assertConnections(LiveAgent agent, int port, Object curlPid, String manager, String pkg,
                                          String version, String phase) throws Exception {
        List<Map<String, Object>> conns = agent.awaitRows("DeviceNetworkEvents | where RemotePort == " + port
                + " and InitiatingProcessId == " + curlPid + " | project AdditionalFields", 3000);
        assertFalse(conns.isEmpty(), "no connection row of curl " + curlPid + agent.diagnostics());
        for (Map<String, Object> c : conns) {
            assertInstall(manager, pkg, version, phase, c.get("AdditionalFields"), "connection row " + c);
        }
    }

    @Test
    void pipSdistSetupPyChildrenCarryThePackageVersionAndBuildStep(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Facilities.assumeProgram("tar");
        Path python;
        try {
            python = Pip.pythonWithSetuptools();
        } catch (java.io.IOException e) {
            Facilities.skipIf(true, e.getMessage());
            return;
        }
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String url = "http://127.0.0.1:" + http.port() + "/py";
            // An sdist as pip gets it from an index: name-version/ with setup.py and PKG-INFO, gzipped tar.
            Path src = Files.createDirectories(tmp.resolve("sdist/hookline-prov-py-0.4.2"));
            Files.writeString(src.resolve("setup.py"), String.join("\n", "import subprocess",
                    "from setuptools import setup",
                    "subprocess.run([\"sh\", \"-c\", \"curl " + url + " -s -m 1 || true\"])",
                    "setup(name=\"hookline-prov-py\", version=\"0.4.2\", py_modules=[])", ""));
            Files.writeString(src.resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: hookline-prov-py\n"
                    + "Version: 0.4.2\n");
            Path sdist = tmp.resolve("hookline-prov-py-0.4.2.tar.gz");
            Programs.runOk(src.getParent(), Map.of(), 30, List.of("tar", "czf", sdist.toString(),
                    "hookline-prov-py-0.4.2"));
            Programs.Result r = Programs.run(tmp, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_NO_INPUT", "1"),
                    90, List.of(python.toString(), "-m", "pip", "install", "--no-index", "--no-build-isolation",
                            "--target", tmp.resolve("site").toString(), sdist.toString()));
            assertEquals(0, r.exit(), "pip install failed:\n" + r.output());
            assertTrue(http.hits("/py") >= 1, "setup.py did not run:\n" + r.output());

            List<Map<String, Object>> curls = curlRows(agent, url);
            assertFalse(curls.isEmpty(), "no curl row" + agent.diagnostics());
            for (Map<String, Object> curl : curls) {
                JsonNode f = InstallProvenanceNpmLiveTest.fields(curl.get("AdditionalFields"));
                String phase = f.path("InstallPhase").asText();
                assertTrue(phase.startsWith("setup.py ") || phase.endsWith("_wheel") || phase.contains("metadata"),
                        "phase " + curl);
                assertInstall("pip", "hookline-prov-py", "0.4.2", phase, curl.get("AdditionalFields"),
                        "curl row " + curl);
                assertConnections(agent, http.port(), curl.get("ProcessId"), "pip", "hookline-prov-py", "0.4.2",
                        phase);
            }
            JsonNode alert = agent.awaitAlert(a -> a.path("RuleId").asText().equals("hookline.seed.t1195-001")
                    && a.path("Row").path("ProcessCommandLine").asText().contains(url), r.finishedNanos(), 3000);
            assertNotNull(alert, "no T1195.001 alert" + agent.diagnostics());
            assertEquals("hookline-prov-py", alert.path("InstallContext").path("InstallPackage").asText(), alert.toString());
            assertEquals("0.4.2", alert.path("InstallContext").path("InstallVersion").asText(), alert.toString());
        }
    }

    @Test
    void pipInstallOfALocalDirectoryIsNamedFromItsPyproject(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Path python;
        try {
            python = Pip.pythonWithSetuptools();
        } catch (java.io.IOException e) {
            Facilities.skipIf(true, e.getMessage());
            return;
        }
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String url = "http://127.0.0.1:" + http.port() + "/inplace";
            // A checkout as CI has it: no PKG-INFO, the name and version in pyproject.toml's [project] only.
            Path proj = Files.createDirectories(tmp.resolve("checkout"));
            Files.writeString(proj.resolve("pyproject.toml"), String.join("\n", "[build-system]",
                    "requires = [\"setuptools\"]", "build-backend = \"setuptools.build_meta\"", "",
                    "[project]", "name = \"hookline-prov-local\"", "version = \"3.1.4\"", ""));
            Files.writeString(proj.resolve("setup.py"), String.join("\n", "import subprocess",
                    "from setuptools import setup",
                    "subprocess.run([\"sh\", \"-c\", \"curl " + url + " -s -m 1 || true\"])",
                    "setup(py_modules=[])", ""));
            Programs.Result r = Programs.run(tmp, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_NO_INPUT", "1"),
                    90, List.of(python.toString(), "-m", "pip", "install", "--no-index", "--no-build-isolation",
                            "--target", tmp.resolve("site").toString(), proj.toString()));
            assertEquals(0, r.exit(), "pip install failed:\n" + r.output());
            assertTrue(http.hits("/inplace") >= 1, "setup.py did not run:\n" + r.output());
            assertFalse(Files.exists(proj.resolve("PKG-INFO")), "the test needs a directory without PKG-INFO");

            List<Map<String, Object>> curls = curlRows(agent, url);
            assertFalse(curls.isEmpty(), "no curl row" + agent.diagnostics());
            for (Map<String, Object> curl : curls) {
                String phase = InstallProvenanceNpmLiveTest.fields(curl.get("AdditionalFields")).path("InstallPhase")
                        .asText();
                assertFalse(phase.isEmpty(), "no phase " + curl);
                assertInstall("pip", "hookline-prov-local", "3.1.4", phase, curl.get("AdditionalFields"),
                        "curl row " + curl);
                assertConnections(agent, http.port(), curl.get("ProcessId"), "pip", "hookline-prov-local", "3.1.4",
                        phase);
            }
        }
    }

    @Test
    void dpkgPostinstChildrenCarryThePackageVersionAndScript(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Path dpkgDeb = Facilities.assumeProgram("dpkg-deb");
        Path dpkg = Facilities.assumeProgram("dpkg");
        Facilities.skipIf(Programs.run(tmp, Map.of(), 30, List.of(dpkg.toString(), "-s", DEB)).exit() == 0,
                DEB + " is installed already (left by an earlier run?): remove it with dpkg -P " + DEB);
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String url = "http://127.0.0.1:" + http.port() + "/deb";
            Path root = Files.createDirectories(tmp.resolve("deb/DEBIAN"));
            Files.writeString(root.resolve("control"), "Package: " + DEB + "\nVersion: 1.0.3\nArchitecture: all\n"
                    + "Maintainer: Hookline tests <tests@hookline.invalid>\nDescription: install provenance test\n");
            Path postinst = root.resolve("postinst");
            Files.writeString(postinst, "#!/bin/sh\ncurl " + url + " -s -m 1 || true\nexit 0\n");
            Files.setPosixFilePermissions(postinst, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path deb = tmp.resolve(DEB + "_1.0.3_all.deb");
            Programs.runOk(tmp, Map.of(), 60, List.of(dpkgDeb.toString(), "--build", root.getParent().toString(),
                    deb.toString()));
            Programs.Result r;
            try {
                r = Programs.run(tmp, Map.of(), 60, List.of(dpkg.toString(), "-i", deb.toString()));
            } finally {
                Programs.run(tmp, Map.of(), 60, List.of(dpkg.toString(), "-P", DEB));
            }
            assertEquals(0, r.exit(), "dpkg -i failed:\n" + r.output());
            assertEquals(1, http.hits("/deb"), "postinst did not run:\n" + r.output());
            List<Map<String, Object>> curls = curlRows(agent, url);
            assertEquals(1, curls.size(), curls + agent.diagnostics());
            assertInstall("dpkg", DEB, "1.0.3", "postinst", curls.get(0).get("AdditionalFields"), "curl row");
            assertConnections(agent, http.port(), curls.get(0).get("ProcessId"), "dpkg", DEB, "1.0.3", "postinst");
            JsonNode alert = agent.awaitAlert(a -> a.path("InstallContext").path("InstallPackage").asText()
                    .equals(DEB), r.finishedNanos(), 3000);
            assertNotNull(alert, "no alert naming " + DEB + agent.diagnostics());
            assertEquals("postinst", alert.path("InstallContext").path("InstallPhase").asText(), alert.toString());
        }
    }

    @Test
    void cargoBuildScriptChildrenCarryTheCrateVersionAndBuildRs(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Facilities.assumeProgram("curl");
        Path cargo = Facilities.assumeProgram("cargo");
        try (LoopbackHttp http = new LoopbackHttp(); LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            String url = "http://127.0.0.1:" + http.port() + "/rs";
            Path crate = Files.createDirectories(tmp.resolve("crate/src"));
            Files.writeString(crate.getParent().resolve("Cargo.toml"), "[package]\nname = \"hookline-prov-rs\"\n"
                    + "version = \"0.2.1\"\nedition = \"2021\"\nbuild = \"build.rs\"\n\n[dependencies]\n");
            Files.writeString(crate.resolve("main.rs"), "fn main() {}\n");
            Files.writeString(crate.getParent().resolve("build.rs"), "fn main() {\n    let _ = std::process::"
                    + "Command::new(\"curl\").args([\"" + url + "\", \"-s\", \"-m\", \"1\"]).status();\n}\n");
            Programs.Result r = Programs.run(crate.getParent(), Map.of("CARGO_TARGET_DIR",
                    tmp.resolve("target").toString()), 180, List.of(cargo.toString(), "build", "--offline", "-q"));
            assertEquals(0, r.exit(), "cargo build failed:\n" + r.output());
            assertEquals(1, http.hits("/rs"), "build.rs did not run:\n" + r.output());
            List<Map<String, Object>> curls = curlRows(agent, url);
            assertEquals(1, curls.size(), curls + agent.diagnostics());
            assertInstall("cargo", "hookline-prov-rs", "0.2.1", "build.rs", curls.get(0).get("AdditionalFields"),
                    "curl row");
            assertConnections(agent, http.port(), curls.get(0).get("ProcessId"), "cargo", "hookline-prov-rs",
                    "0.2.1", "build.rs");
        }
    }
}
