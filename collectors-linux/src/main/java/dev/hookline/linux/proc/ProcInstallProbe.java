package dev.hookline.linux.proc;

import dev.hookline.install.EnvironmentParser;
import dev.hookline.install.InstallProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public InputStream openBytes(String path) {
        try {
            return Files.newInputStream(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 4th field of /proc/PID/stat, after the command name's closing parenthesis (a name may hold any byte). */
    @Override
    public long parentPid(long pid) {
        try {
            String stat = Files.readString(root.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public List<String> argv(long pid) {
        try (InputStream in = Files.newInputStream(root.resolve(Long.toString(pid)).resolve("cmdline"))) {
            byte[] b = in.readNBytes(MAX_ENVIRON);
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    args.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < b.length) {
                args.add(new String(b, start, b.length - start, StandardCharsets.UTF_8));
            }
            return args;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public List<String> openFiles(long pid) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve(Long.toString(pid)).resolve("fd"))) {
            s.limit(MAX_LISTED).forEach(fd -> {
                try {
                    out.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }
}
