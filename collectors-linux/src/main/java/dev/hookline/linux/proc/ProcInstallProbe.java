package dev.hookline.linux.proc;

import dev.hookline.install.EnvironmentParser;
import dev.hookline.install.InstallProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The install resolver's view of a Linux process: /proc/PID/environ (the environment at its exec; readable by root
 * or the owner, while it lives), /proc/PID/cwd and plain files. Called only for children of package managers.
 */
public final class ProcInstallProbe implements InstallProbe {
    /** Environments are rarely over a few KiB; a larger one is cut here (its first variables are read). */
    static final int MAX_ENVIRON = 256 * 1024;
    /** dpkg's updates journal holds a few entries between merges; never list an unbounded directory. */
    static final int MAX_LISTED = 1024;
    private final Path root;

    public ProcInstallProbe(Path root) {
        this.root = root;
    }

    public static ProcInstallProbe system() {
        return new ProcInstallProbe(Path.of("/proc"));
    }

    @Override
    public Map<String, String> environ(long pid) {
        try (InputStream in = Files.newInputStream(root.resolve(Long.toString(pid)).resolve("environ"))) {
            byte[] b = in.readNBytes(MAX_ENVIRON);
            return EnvironmentParser.parseNul(b, b.length);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String cwd(long pid) {
        try {
            return Files.readSymbolicLink(root.resolve(Long.toString(pid)).resolve("cwd")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> list(String dir) {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.limit(MAX_LISTED).map(p -> p.getFileName().toString()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public BufferedReader open(String path) {
        try {
            return Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
