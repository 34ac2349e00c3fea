package dev.hookline.linux.scenario;

import static dev.hookline.linux.scenario.IncidentScenarios.requireFile;

import dev.hookline.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everyday installs that must stay quiet under the scenario tuning (the false positives the seeds list). */
final class BenignScenarios {
    private BenignScenarios() {
    }

    static List<Scenario> all() {
        return List.of(npmNativeBuild(), pipPlain(), pipCExtension(), dpkgClean());
    }

    /** An install script that compiles a C file, as node-gyp does for native modules. */
    static Scenario npmNativeBuild() {
        return LinuxScenario.benign("benign-npm-native-build",
                "npm install of a local package whose install script compiles a C file with cc (as node-gyp would)",
                List.of("npm", "node", "cc"),
                ws -> {
                    ws.write("pkg/src/addon.c", "int hookline_addon(void) { return 42; }\n");
                    Path pkg = Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-native", Map.of("install",
                            "mkdir -p build && cc -O2 -shared -fPIC -o build/addon.node src/addon.c"));
                    Npm.installLocal(ws, pkg);
                    requireFile(ws.dir.resolve("proj/node_modules/hookline-scn-native/build/addon.node"),
                            "the native build did not run");
                });
    }

    /** A plain setup.py package: no code at install time beyond setuptools. */
    static Scenario pipPlain() {
        return LinuxScenario.benign("benign-pip-plain",
                "pip install of a plain local setup.py package",
                List.of("python3"),
                ws -> {
                    Path pkg = Pip.setupPy(ws.dir.resolve("pkg"), "hookline-scn-plain", "", "hookline_scn_plain");
                    Pip.installLocal(ws, pkg);
                    requireFile(ws.dir.resolve("site/hookline_scn_plain.py"), "pip did not install the module");
                });
    }

    /**
     * A setup.py with a C extension: setuptools runs the compiler driver under python (the seed's "C extensions
     * running compiler toolchains via setup.py" false positive). The C file needs no Python.h (no python3-dev).
     */
    static Scenario pipCExtension() {
        return LinuxScenario.benign("benign-pip-c-extension",
                "pip install of a local setup.py package with a C extension (gcc runs under setup.py)",
                List.of("python3", "gcc"),
                ws -> {
                    ws.write("pkg/hookline_scn_ext.c", "int hookline_scn_ext_answer(void) { return 42; }\n");
                    ws.write("pkg/setup.py", String.join("\n",
                            "from setuptools import setup, Extension",
                            "setup(name=\"hookline-scn-ext\", version=\"1.0.0\",",
                            "      ext_modules=[Extension(\"hookline_scn_ext\", [\"hookline_scn_ext.c\"])])", ""));
                    Pip.installLocal(ws, ws.dir.resolve("pkg"));
                    try (var s = java.nio.file.Files.list(ws.dir.resolve("site"))) {
                        if (s.noneMatch(p -> p.getFileName().toString().startsWith("hookline_scn_ext")
                                && p.getFileName().toString().endsWith(".so"))) {
                            throw new java.io.IOException("the C extension was not built");
                        }
                    }
                });
    }

    /** A .deb without maintainer scripts, installed and purged. */
    static Scenario dpkgClean() {
        return LinuxScenario.benign("benign-dpkg-clean",
                "dpkg -i of a local .deb without maintainer scripts, then dpkg --purge",
                List.of("dpkg", "dpkg-deb"),
                ws -> {
                    String name = "hookline-scn-clean";
                    Deb.install(ws, Deb.build(ws, name, null), name);
                    requireFile(Path.of("/opt/hookline-scenarios/" + name + "/README"), "dpkg did not install");
                });
    }
}
