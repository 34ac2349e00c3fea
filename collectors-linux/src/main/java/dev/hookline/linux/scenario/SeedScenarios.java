package dev.hookline.linux.scenario;

import static dev.hookline.linux.scenario.Rules.*;
import static dev.hookline.scenario.Expectation.caught;
import static dev.hookline.scenario.Expectation.missedByDesign;

import dev.hookline.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seeds' own test procedures that Linux can express (T1195.001 tests 1-4, T1546.016 test 2 and the dpkg
 * form of its installer-script tests), reproduced for real.
 */
final class SeedScenarios {
    private SeedScenarios() {
    }

    static List<Scenario> all() {
        return List.of(npmPostinstall(), pipSetupPy(), workflowFile(), registryConfusion(), dpkgPostinstBash(),
                dpkgPostinstSh());
    }

    /** T1195.001 test 1: an npm postinstall hook runs whoami and calls out with curl. */
    static Scenario npmPostinstall() {
        return LinuxScenario.attack("seed-npm-postinstall-hook", "seed T1195.001 test 1",
                "npm install of a local package whose postinstall runs whoami and curl to a loopback port",
                List.of("npm", "node", "curl", "whoami"),
                List.of(caught(SEED_T1195, HOOK_CHILD), caught(PM_NETWORK_TOOL, null), caught(PM_RECON, null)),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    // "curl http" is one of the seed's markers: nothing may stand between curl and the URL.
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-npm-hook", Map.of("postinstall",
                            "whoami && curl " + http.url("/npm-hook") + " -s -m 2 || true"));
                    Npm.installLocal(ws, pkg);
                    requireHit(http, "/npm-hook", "the postinstall hook");
                });
    }

    /** T1195.001 test 2 (and T1546.016 test 2): setup.py runs id and sh -c "id; curl ...". */
    static Scenario pipSetupPy() {
        return LinuxScenario.attack("seed-pip-setup-py-hook", "seed T1195.001 test 2, T1546.016 test 2",
                "pip install of a local setup.py package that runs id and sh -c \"id; curl\" to a loopback port",
                List.of("python3", "curl", "id"),
                List.of(caught(SEED_T1195, HOOK_CHILD), caught(PM_RECON, null), caught(PM_NETWORK_TOOL, null),
                        missedByDesign(SEED_T1546, INSTALLER_CHILD, "the published installer list (msiexec, "
                                + "installer, pkgutil, dpkg, rpm, yum, apt) has no pip or python: its own test 2 "
                                + "(pip -> python -> curl) is caught by T1195.001 and the Hookline pack instead")),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    Path pkg = Pip.setupPy(ws.dir.resolve("pkg"), "hookline-scn-pip-hook", String.join("\n",
                            "import subprocess",
                            "subprocess.run([\"id\"])",
                            "subprocess.run([\"sh\", \"-c\", \"id; curl " + http.url("/pip-hook")
                                    + " -s -m 2 || true\"])"));
                    Pip.installLocal(ws, pkg);
                    requireHit(http, "/pip-hook", "setup.py");
                });
    }

    /** T1195.001 test 3: a shell writes .github/workflows/ci.yml into a repository. */
    static Scenario workflowFile() {
        return LinuxScenario.attack("seed-workflow-file-created", "seed T1195.001 test 3",
                "a shell creates .github/workflows/ci.yml in a temp repository",
                List.of("sh", "mkdir"),
                List.of(caught(SEED_T1195, PIPELINE_FILE)),
                ws -> {
                    Path wf = ws.dir.resolve("repo/.github/workflows");
                    ws.run(ws.dir, List.of("sh", "-c", "mkdir -p " + wf + " && printf 'on: push\\njobs: {}\\n' > "
                            + wf.resolve("ci.yml")));
                    if (!Files.exists(wf.resolve("ci.yml"))) {
                        throw new IOException("the workflow file was not written");
                    }
                });
    }

    /**
     * T1195.001 test 4: npm installs from a registry on 127.0.0.1:4873 (Verdaccio's port; any free port when it
     * is taken). The seed's network arm excludes loopback by design; the Hookline pack keys on the port.
     */
    static Scenario registryConfusion() {
        return LinuxScenario.attack("seed-npm-registry-confusion", "seed T1195.001 test 4",
                "npm install --registry http://127.0.0.1:4873/ of a package from a loopback registry the runner serves",
                List.of("npm", "node", "tar"),
                List.of(missedByDesign(SEED_T1195, PM_EGRESS, LOOPBACK_BY_DESIGN),
                        caught(PM_NONREGISTRY_PORT, null),
                        caught(NONDEFAULT_REGISTRY, "InstallFromNonDefaultRegistry")),
                ws -> {
                    LoopbackHttp registry = ws.closeLater(new LoopbackHttp(4873));
                    String name = "hookline-scn-confused-dep";
                    Npm.publish(ws, registry, name, Npm.packageDir(ws.dir.resolve("dep"), name, Map.of()));
                    Path proj = Files.createDirectories(ws.dir.resolve("proj"));
                    // --prefix puts the work dir in npm's command line: the runner attributes alerts by it.
                    ws.run(proj, List.of("npm", "install", "--prefix", proj.toString(), "--registry",
                            registry.url("/"), "--no-audit", "--no-fund", name));
                    requireHit(registry, Npm.tarballPath(name), "npm's download from the loopback registry");
                });
    }

    /** T1546.016 on Debian: a .deb whose postinst (bash) calls out with curl, installed with dpkg -i. */
    static Scenario dpkgPostinstBash() {
        return LinuxScenario.attack("seed-dpkg-postinst-bash", "seed T1546.016 (installer script, dpkg)",
                "dpkg -i of a local .deb whose #!/bin/bash postinst runs curl to a loopback port; purged afterwards",
                List.of("dpkg", "dpkg-deb", "bash", "curl"),
                List.of(caught(SEED_T1546, INSTALLER_CHILD), caught(MAINTAINER_NETWORK, "MaintainerScriptNetworkTool"),
                        missedByDesign(MAINTAINER_NETWORK, "MaintainerScriptConnection", "loopback is left out on "
                                + "purpose: postinst scripts talk to local services all the time")),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    String name = "hookline-scn-postinst-bash";
                    Path deb = Deb.build(ws, name, "#!/bin/bash\ncurl -s -m 2 " + http.url("/deb-bash")
                            + " >/dev/null || true\nexit 0\n");
                    Deb.install(ws, deb, name);
                    requireHit(http, "/deb-bash", "the postinst script");
                });
    }

    /** The same with the Debian default #!/bin/sh (dash), which the published query does not list. */
    static Scenario dpkgPostinstSh() {
        return LinuxScenario.attack("seed-dpkg-postinst-sh", "seed T1546.016 (installer script, dpkg)",
                "dpkg -i of a local .deb whose #!/bin/sh postinst runs sh -c \"curl ...\" to a loopback port; purged "
                        + "afterwards",
                List.of("dpkg", "dpkg-deb", "sh", "curl"),
                List.of(missedByDesign(SEED_T1546, INSTALLER_CHILD, "Debian's /bin/sh is dash and the published "
                                + "query names only bash and sh"),
                        caught(MAINTAINER_NETWORK, "MaintainerScriptNetworkTool")),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    String name = "hookline-scn-postinst-sh";
                    Path deb = Deb.build(ws, name, "#!/bin/sh\nsh -c \"curl -s -m 2 " + http.url("/deb-sh")
                            + " >/dev/null || true\"\nexit 0\n");
                    Deb.install(ws, deb, name);
                    requireHit(http, "/deb-sh", "the postinst script");
                });
    }

    static void requireHit(LoopbackHttp http, String path, String what) throws IOException {
        if (http.hits(path) < 1) {
            throw new IOException(what + " did not run: nothing requested " + path);
        }
    }
}
