package dev.hookline.linux.scenario;

import static dev.hookline.linux.scenario.IncidentScenarios.requireFile;
import static dev.hookline.scenario.Expectation.caught;

import dev.hookline.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Issue 33: install scripts writing what runs later or changes trust, reproduced harmlessly. System files are
 * claimed only when absent (never overwritten), hold a comment and nothing else (a comment-only sudoers.d file
 * with mode 0440, a comment-only cron.d file), and are removed when the scenario ends; per-user files are written
 * under the work dir (a HOME of its own). The controls: dpkg writing a file its package lists, pip unpacking
 * setuptools-style and editable-install .pth files, a husky-style relative core.hooksPath.
 */
final class PersistenceScenarios {
    static final String SUDOERS = "hookline.pm-writes-sudoers";
    static final String CRON = "hookline.pm-writes-cron";
    static final String STARTUP_HOOK = "hookline.pm-writes-python-startup-hook";
    static final String REGISTRY_CONFIG = "hookline.pm-writes-registry-config";
    static final String GIT_HOOKS = "hookline.pm-git-hooks-outside-project";
    static final String HOOK_CHILD = "hookline.python-startup-hook-child";

    private PersistenceScenarios() {
    }

    static List<Scenario> all() {
        return List.of(npmWritesSudoersD(), dpkgPostinstWritesCronD(), pipWheelShipsPth(), setupPyWritesPth(),
                npmWritesNpmrc(), npmSetsGlobalHooksPath(), pthPayloadAtInterpreterStart(), dpkgListsCronD(),
                pipWheelPathOnlyPth(), huskyRelativeHooksPath());
    }

    /**
     * Claims a system path for the scenario: refuses when it exists (a real file is never touched) and removes it
     * when the scenario ends, whatever happened; missing parent directories (e.g. no /etc/sudoers.d where sudo is
     * not installed, no /etc/udev without udev) are created and removed the same way, innermost first, after the
     * file.
     */
    static Path claimAbsent(Workspace ws, String path) throws IOException {
        Path p = Path.of(path);
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(p + " exists: the scenario only writes system files it can remove again");
        }
        java.util.Deque<Path> missing = new java.util.ArrayDeque<>();
        for (Path d = p.getParent(); d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d); // outermost ends on top: created first
        }
        for (Path d : missing) {
            Files.createDirectory(d);
            ws.onClose(() -> Files.deleteIfExists(d)); // undo steps pop in reverse: innermost goes first
        }
        ws.onClose(() -> Files.deleteIfExists(p));
        return p;
    }

    static Scenario npmWritesSudoersD() {
        return LinuxScenario.attack("npm-postinstall-writes-sudoers-d", "issue 33: sudoers drop-in from an install",
                "npm postinstall writing a comment-only /etc/sudoers.d/zz-hookline-scn (mode 0440), removed afterwards",
                List.of("npm", "node", "chmod"),
                List.of(caught(SUDOERS, "InstallWritesSudoers")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/sudoers.d/zz-hookline-scn");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-sudoers", Map.of("postinstall",
                            "printf '# hookline scenario: comment only\\n' > " + f + " && chmod 0440 " + f));
                    Npm.installLocal(ws, pkg);
                    requireFile(f, "the postinstall did not write the sudoers.d file");
                });
    }

    static Scenario dpkgPostinstWritesCronD() {
        return LinuxScenario.attack("dpkg-postinst-writes-cron-d", "issue 33: maintainer script writing a cron job",
                "a .deb whose postinst writes /etc/cron.d/zz-hookline-scn-postinst (a comment), a file the package does "
                        + "not list; purged and removed afterwards",
                List.of("dpkg", "dpkg-deb"),
                List.of(caught(CRON, "InstallWritesCronJob")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/cron.d/zz-hookline-scn-postinst");
                    String name = "hookline-scn-cron-postinst";
                    Deb.install(ws, Deb.build(ws, name, "#!/bin/sh\nset -e\nprintf '# hookline scenario\\n' > " + f
                            + "\n"), name);
                    requireFile(f, "the postinst did not write the cron file");
                });
    }

    static Scenario pipWheelShipsPth() {
        return LinuxScenario.attack("pip-wheel-ships-pth", "incident: litellm PyPI compromise (2026)",
                "pip installs a local wheel that carries hookline_scn_init.pth (an import line that does nothing) into "
                        + "<work>/site-packages, as litellm 1.82.8 carried litellm_init.pth",
                List.of("python3"),
                List.of(caught(STARTUP_HOOK, "PackageShipsStartupHook")),
                ws -> {
                    Path whl = ws.dir.resolve("hookline_scn_pth-1.0.0-py3-none-any.whl");
                    Files.write(whl, Pip.wheel("hookline-scn-pth", Map.of("hookline_scn_init.pth",
                            "import os; os.environ.get('HOOKLINE_SCENARIO')\n", "hookline_scn_pth.py", "VALUE = 1\n")));
                    Path target = ws.dir.resolve("site-packages");
                    Pip.installWheel(ws, whl, target);
                    requireFile(target.resolve("hookline_scn_init.pth"), "pip did not install the .pth");
                });
    }

    static Scenario setupPyWritesPth() {
        return LinuxScenario.attack("setup-py-writes-pth", "issue 33: setup.py planting a startup hook",
                "pip install of a local sdist whose setup.py writes zz_hookline_scn.pth into <work>/site-packages "
                        + "itself (not through the wheel)",
                List.of("python3"),
                List.of(caught(STARTUP_HOOK, "InstallScriptWritesStartupHook")),
                ws -> {
                    Path sp = Files.createDirectories(ws.dir.resolve("site-packages"));
                    Path pth = sp.resolve("zz_hookline_scn.pth");
                    Pip.setupPy(ws.dir.resolve("pkg"), "hookline-scn-setup-pth", "open(" + IncidentScenarios.py(pth
                            .toString()) + ", 'w').write('import os\\n')", "hookline_scn_setup_pth");
                    Pip.installLocal(ws, ws.dir.resolve("pkg"));
                    requireFile(pth, "setup.py did not write the .pth");
                });
    }

    static Scenario npmWritesNpmrc() {
        return LinuxScenario.attack("npm-postinstall-writes-npmrc", "issue 33: registry redirected from an install",
                "npm postinstall writing registry=http://127.0.0.1:9/ to <work>/home/.npmrc (a HOME of its own)",
                List.of("npm", "node", "mkdir"),
                List.of(caught(REGISTRY_CONFIG, "InstallWritesRegistryConfig")),
                ws -> {
                    Path home = ws.dir.resolve("home");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-npmrc", Map.of("postinstall",
                            "mkdir -p " + home + " && printf 'registry=http://127.0.0.1:9/\\n' > " + home + "/.npmrc"));
                    Npm.installLocal(ws, pkg);
                    requireFile(home.resolve(".npmrc"), "the postinstall did not write .npmrc");
                });
    }

    static Scenario npmSetsGlobalHooksPath() {
        return LinuxScenario.attack("npm-postinstall-global-hooks-path", "issue 33: git hooks for every repository",
                "npm postinstall running git config --global core.hooksPath <work>/hooks with HOME=<work>/home",
                List.of("npm", "node", "git", "mkdir"),
                List.of(caught(GIT_HOOKS, "InstallSetsHooksPath"), caught(GIT_HOOKS, "InstallWritesGlobalGitConfig")),
                ws -> {
                    Path home = ws.dir.resolve("home");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-hookspath", Map.of("postinstall",
                            "mkdir -p " + home + " && HOME=" + home + " git config --global core.hooksPath "
                                    + ws.dir.resolve("hooks")));
                    Npm.installLocal(ws, pkg);
                    requireFile(home.resolve(".gitconfig"), "git did not write the global config");
                });
    }

    static Scenario pthPayloadAtInterpreterStart() {
        return LinuxScenario.attack("pth-payload-at-interpreter-start", "incident: litellm PyPI compromise (2026), stage 2",
                "a .pth in a user site dir (PYTHONUSERBASE=<work>/ub) whose import line starts sh -c true; then "
                        + "python3 <work>/app.py, whose first child is that sh",
                List.of("python3", "sh"),
                List.of(caught(HOOK_CHILD, "PythonStartupHookChild")),
                ws -> {
                    Path ub = ws.dir.resolve("ub");
                    Programs.Result v = ws.run(ws.dir, List.of("python3", "-c",
                            "import sys; print('%d.%d' % sys.version_info[:2])"));
                    Path site = Files.createDirectories(ub.resolve("lib/python" + v.output().strip() + "/site-packages"));
                    Path marker = ws.dir.resolve("pth-ran");
                    Files.writeString(site.resolve("zz_hookline_scn.pth"), "import subprocess; subprocess.run(['sh', "
                            + "'-c', 'touch " + marker + "'])\n");
                    Path app = ws.write("app.py", "print('app')\n");
                    Map<String, String> env = new java.util.LinkedHashMap<>(ws.env());
                    env.put("PYTHONUSERBASE", ub.toString());
                    Programs.runOk(ws.dir, env, ws.timeoutSeconds, List.of("python3", app.toString()));
                    requireFile(marker, "the .pth line did not run");
                });
    }

    static Scenario dpkgListsCronD() {
        return LinuxScenario.benign("benign-dpkg-lists-cron-d",
                "a .deb that lists /etc/cron.d/zz-hookline-scn-listed (a comment): dpkg writes it, then --purge",
                List.of("dpkg", "dpkg-deb"),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/cron.d/zz-hookline-scn-listed");
                    String name = "hookline-scn-cron-listed";
                    Deb.install(ws, Deb.build(ws, name, null, Map.of(f.toString(), "# hookline scenario\n")), name);
                    requireFile(f, "dpkg did not install the listed cron file");
                });
    }

    static Scenario pipWheelPathOnlyPth() {
        return LinuxScenario.benign("benign-pip-path-only-pth",
                "pip installs a local wheel carrying distutils-precedence.pth and __editable__.hookline_scn-1.0.0.pth "
                        + "(path lines only) into <work>/site-packages",
                List.of("python3"),
                ws -> {
                    Path whl = ws.dir.resolve("hookline_scn_editable-1.0.0-py3-none-any.whl");
                    Files.write(whl, Pip.wheel("hookline-scn-editable", Map.of("distutils-precedence.pth",
                            ws.dir + "/src\n", "__editable__.hookline_scn-1.0.0.pth", ws.dir + "/src\n")));
                    Path target = ws.dir.resolve("site-packages");
                    Pip.installWheel(ws, whl, target);
                    requireFile(target.resolve("distutils-precedence.pth"), "pip did not install the .pth");
                });
    }

    static Scenario huskyRelativeHooksPath() {
        return LinuxScenario.benign("benign-husky-relative-hooks-path",
                "npm install of a project whose postinstall sets core.hooksPath .husky/_ in its own repository, as "
                        + "husky 9 does (the repository is created before the install)",
                List.of("npm", "node", "git"),
                ws -> {
                    Path repo = Files.createDirectories(ws.dir.resolve("repo"));
                    ws.run(repo, List.of("git", "init", "-q", repo.toString()));
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-husky", Map.of("postinstall",
                            "git -C " + repo + " config core.hooksPath .husky/_"));
                    Npm.installLocal(ws, pkg);
                });
    }
}
