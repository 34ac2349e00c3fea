package dev.hookline.linux.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A local .deb built with dpkg-deb, installed with dpkg -i and always purged again when the scenario ends. */
final class Deb {
    private Deb() {
    }

    /**
     * Builds {@code <work>/<name>.deb}: one file under /opt/hookline-scenarios/<name>/ and, when {@code postinst}
     * is not null, that maintainer script.
     */
    static Path build(Workspace ws, String name, String postinst) throws IOException, InterruptedException {
        return build(ws, name, postinst, java.util.Map.of());
    }

    /** As {@link #build(Workspace, String, String)}, also listing these files (absolute path → content). */
    static Path build(Workspace ws, String name, String postinst, java.util.Map<String, String> listed)
            throws IOException, InterruptedException {
        Path root = ws.dir.resolve(name);
        for (var f : listed.entrySet()) {
            ws.write(name + f.getKey(), f.getValue());
        }
        ws.write(name + "/DEBIAN/control", "Package: " + name + "\nVersion: 1.0.0\nArchitecture: all\n"
                + "Maintainer: Hookline scenarios <scenarios@hookline.invalid>\nSection: misc\nPriority: optional\n"
                + "Description: Hookline scenario package (installed and purged by hookline scenarios run)\n");
        ws.write(name + "/opt/hookline-scenarios/" + name + "/README", "installed by hookline scenarios run\n");
        if (postinst != null) {
            ws.writeExecutable(name + "/DEBIAN/postinst", postinst);
        }
        Path deb = ws.dir.resolve(name + ".deb");
        ws.run(ws.dir, List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(), deb.toString()));
        return deb;
    }

    /**
     * dpkg -i, with the purge registered first so it runs even when the install fails halfway, and also from a
     * shutdown hook while the package may be installed (Ctrl-C or SIGTERM during the scenario).
     */
    static Programs.Result install(Workspace ws, Path deb, String name) throws IOException, InterruptedException {
        Thread onExit = new Thread(() -> {
            try {
                purge(ws, name);
            } catch (Exception e) {
                System.err.println("hookline: scenarios: " + e.getMessage());
            }
        }, "hookline-scenario-purge-" + name);
        Runtime.getRuntime().addShutdownHook(onExit);
        ws.onClose(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook purges
            }
            purge(ws, name);
        });
        return ws.run(ws.dir, List.of("dpkg", "-i", deb.toString()));
    }

    private static void purge(Workspace ws, String name) throws IOException, InterruptedException {
        Programs.Result r = Programs.run(ws.dir, ws.env(), ws.timeoutSeconds, List.of("dpkg", "--purge", name));
        if (r.exit() != 0 && !r.output().contains("not installed")) {
            throw new IOException("dpkg --purge " + name + " exited " + r.exit() + ": " + r.output().strip());
        }
    }
}
