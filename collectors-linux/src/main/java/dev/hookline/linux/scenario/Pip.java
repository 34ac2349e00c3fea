package dev.hookline.linux.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** pip installs of local setup.py packages (offline) and from a loopback PEP 503 index the scenario serves. */
public final class Pip {
    private static volatile Path python;

    private Pip() {
    }

    /**
     * The first python3 whose pip can build a setup.py package offline (--no-index --no-build-isolation needs
     * setuptools and wheel in the interpreter): the one on PATH, then Debian's /usr/bin/python3 (pyenv's
     * interpreters often lack wheel). Throws naming what was tried.
     */
    public static Path pythonWithSetuptools() throws IOException, InterruptedException {
        Path found = python;
        if (found != null) {
            return found;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        Path onPath = Programs.which("python3");
        if (onPath != null) {
            candidates.add(onPath);
        }
        candidates.add(Path.of("/usr/bin/python3"));
        List<String> tried = new ArrayList<>();
        for (Path c : candidates) {
            if (!Files.isExecutable(c)) {
                continue;
            }
            Programs.Result r = Programs.run(Path.of("/"), Map.of(), 30,
                    List.of(c.toString(), "-c", "import setuptools, wheel, pip"));
            if (r.exit() == 0) {
                python = c;
                return c;
            }
            String[] lines = r.output().strip().split("\n");
            tried.add(c + " (" + lines[lines.length - 1] + ")");
        }
        throw new IOException("no python3 with pip, setuptools and wheel to install a setup.py package offline "
                + "(apt-get install python3-pip python3-setuptools python3-wheel); tried " + tried);
    }

    /** Writes {@code <dir>/setup.py}: {@code body} (Python run at install time) then setup(name=...). */
    static Path setupPy(Path dir, String name, String body, String... modules) throws IOException {
        Files.createDirectories(dir);
        StringBuilder py = new StringBuilder("from setuptools import setup\n").append(body).append('\n');
        py.append("setup(name=\"").append(name).append("\", version=\"1.0.0\", py_modules=[");
        for (int i = 0; i < modules.length; i++) {
            py.append(i > 0 ? ", " : "").append('"').append(modules[i]).append('"');
            Files.writeString(dir.resolve(modules[i] + ".py"), "VALUE = 1\n");
        }
        py.append("])\n");
        Files.writeString(dir.resolve("setup.py"), py.toString());
        return dir;
    }

    /** pip install of a local source package into {@code <work>/site}, offline, no build isolation. */
    static Programs.Result installLocal(Workspace ws, Path pkg) throws IOException, InterruptedException {
        return ws.run(ws.dir, List.of(pythonWithSetuptools().toString(), "-m", "pip", "install", "--no-index",
                "--no-build-isolation", "--target", ws.dir.resolve("site").toString(), pkg.toString()));
    }

    /**
     * A source distribution {@code <work>/<name>-1.0.0.tar.gz} (setup.py with {@code body}, one module, PKG-INFO),
     * packed by tar as sdists are: pip unpacks it to its own build dir, where the install's provenance finds the
     * name and version (a directory built in place has no PKG-INFO to name it).
     */
    static Path sdist(Workspace ws, String name, String body, String module) throws IOException, InterruptedException {
        String base = name.replace('-', '_') + "-1.0.0";
        Path dir = setupPy(ws.dir.resolve("sdist").resolve(base), name, body, module);
        Files.writeString(dir.resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0.0\n");
        Path tgz = ws.dir.resolve(base + ".tar.gz");
        ws.run(dir.getParent(), List.of("tar", "-czf", tgz.toString(), base));
        return tgz;
    }

    /** pip install {@code name} from the index at {@code indexUrl} into {@code <work>/site}. */
    static Programs.Result installFromIndex(Workspace ws, String indexUrl, String name)
            throws IOException, InterruptedException {
        return ws.run(ws.dir, List.of(pythonWithSetuptools().toString(), "-m", "pip", "install", "--index-url",
                indexUrl, "--target", ws.dir.resolve("site").toString(), name));
    }

    /**
     * Serves {@code name} 1.0.0 as a pure-Python wheel (one module) on a PEP 503 simple index at
     * {@code /simple/}; returns the wheel's path on the server.
     */
    static String publishWheel(LoopbackHttp http, String name) throws Exception {
        String dist = name.replace('-', '_');
        String wheelName = dist + "-1.0.0-py3-none-any.whl";
        byte[] wheel = wheel(name, Map.of(dist + ".py", "VALUE = 1\n"));
        String wheelPath = "/files/" + wheelName;
        http.serve(wheelPath, "application/octet-stream", wheel);
        String page = "<!DOCTYPE html><html><body><a href=\"" + wheelPath + "#sha256=" + Npm.hex("SHA-256", wheel)
                + "\">" + wheelName + "</a></body></html>\n";
        http.serve("/simple/" + name + "/", "text/html", page.getBytes(StandardCharsets.UTF_8));
        return wheelPath;
    }

    /** A pure-Python wheel of {@code name} 1.0.0 holding these files (path in the wheel → text), with its RECORD. */
    static byte[] wheel(String name, Map<String, String> contents) throws Exception {
        String dist = name.replace('-', '_');
        String info = dist + "-1.0.0.dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        contents.forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0.0\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: hookline-scenarios\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            record.append(f.getKey()).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Npm.digest("SHA-256", f.getValue()))).append(',').append(f.getValue().length)
                    .append('\n');
        }
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
        return zip.toByteArray();
    }

    /** pip install of a local wheel file into {@code target}, offline. */
    static Programs.Result installWheel(Workspace ws, Path wheel, Path target) throws IOException, InterruptedException {
        return ws.run(ws.dir, List.of(pythonWithSetuptools().toString(), "-m", "pip", "install", "--no-index",
                "--target", target.toString(), wheel.toString()));
    }
}
