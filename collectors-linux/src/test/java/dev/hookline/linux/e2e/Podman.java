package dev.hookline.linux.e2e;

import dev.hookline.linux.scenario.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rootful podman with its own storage under a temp dir (nothing left in the host's), no network, the cgroupfs
 * manager (no systemd here) and an image imported from a rootfs tar holding a static busybox (no registry is
 * reachable). runc is preferred to crun: crun refuses cgroup v1/v2 hybrid hosts ("cgroups in hybrid mode not
 * supported"). The ulimits are explicit because podman's defaults exceed a sandbox's hard limits.
 */
final class Podman {
    static final String IMAGE = "localhost/hookline-busybox:test";
    private final Path podman;
    private final Path dir;
    private final List<String> global;

    private Podman(Path podman, Path dir, List<String> global) {
        this.podman = podman;
        this.dir = dir;
        this.global = global;
    }

    /** Podman ready to run {@link #IMAGE}, or the test skipped saying what this machine lacks. */
    static Podman assumeRuns(Path dir) throws Exception {
        Path podman = Facilities.assumeProgram("podman");
        Path busybox = Facilities.which("busybox");
        Facilities.skipIf(busybox == null || !isStatic(busybox), "no static busybox for the test image (apt install "
                + "busybox-static)");
        List<String> global = new ArrayList<>(List.of("--root", dir.resolve("storage").toString(), "--runroot",
                dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(), "--cgroup-manager",
                "cgroupfs", "--storage-driver", "vfs", "--events-backend", "none"));
        if (Facilities.which("runc") != null) {
            global.addAll(List.of("--runtime", Facilities.which("runc").toString()));
        }
        Podman p = new Podman(podman, dir, global);
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(busybox, rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "sleep", "cat", "nc", "true")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Path tar = dir.resolve("rootfs.tar");
        Programs.runOk(dir, Map.of(), 60, List.of("tar", "-C", rootfs.getParent().toString(), "-cf", tar.toString(),
                "."));
        Programs.Result imported = Programs.run(dir, Map.of(), 120, p.command("import", tar.toString(), IMAGE));
        Facilities.skipIf(imported.exit() != 0, "podman import fails here: " + imported.output());
        Programs.Result probe = Programs.run(dir, Map.of(), 120, p.run(List.of(), "/bin/true"));
        Facilities.skipIf(probe.exit() != 0, "podman cannot run a container here: " + probe.output());
        return p;
    }

    /** Debian's busybox is dynamic, busybox-static's is not: an image of one file needs the latter. */
    private static boolean isStatic(Path busybox) throws IOException {
        byte[] head = Files.readAllBytes(busybox);
        return !new String(head, 0, Math.min(head.length, 8192), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("/lib64/ld-linux");
    }

    /** podman with this instance's global options, then {@code args}. */
    List<String> command(String... args) {
        List<String> c = new ArrayList<>();
        c.add(podman.toString());
        c.addAll(global);
        c.addAll(List.of(args));
        return c;
    }

    /** {@code podman run --rm --network none <runArgs> IMAGE <argv>}. */
    List<String> run(List<String> runArgs, String... argv) {
        List<String> c = command("run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit",
                "nproc=1024:1024");
        c.addAll(runArgs);
        c.add(IMAGE);
        c.addAll(List.of(argv));
        return c;
    }

    /** Removes whatever containers and images the test left (the storage dir goes with the temp dir). */
    void clean() {
        try {
            Programs.run(dir, Map.of(), 60, command("rm", "--all", "--force"));
            Programs.run(dir, Map.of(), 60, command("rmi", "--all", "--force"));
        } catch (Exception e) {
            // best effort: the temp dir is removed anyway
        }
    }
}
