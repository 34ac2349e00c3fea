package dev.hookline.linux.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's sandbox: its work dir (under the runner's private temp dir), a bin dir of harmless fake tools put
 * first on PATH, an environment that keeps npm and pip away from the user's caches, configs and the internet,
 * and the undo steps (servers to stop, packages to purge), run in reverse order by {@link #close()}.
 */
final class Workspace implements AutoCloseable {
    interface Undo {
        void run() throws Exception;
    }

    final Path dir;
    final long timeoutSeconds;
    private final Path bin;
    private final Deque<Undo> undo = new ArrayDeque<>();

    Workspace(Path dir, long timeoutSeconds) throws IOException {
        this.dir = dir;
        this.timeoutSeconds = timeoutSeconds;
        this.bin = Files.createDirectories(dir.resolve("bin"));
    }

    /** PATH with the fake tools first; npm and pip confined to the work dir, no update checks, no prompts. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("npm_config_cache", dir.resolve("npm-cache").toString());
        env.put("npm_config_userconfig", dir.resolve("npmrc").toString());
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_audit", "false");
        env.put("npm_config_fund", "false");
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PIP_NO_INPUT", "1");
        env.put("PIP_NO_CACHE_DIR", "1");
        env.put("DEBIAN_FRONTEND", "noninteractive");
        return env;
    }

    /** Writes a file under the work dir (parents created) and returns its path. */
    Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Writes an executable file (mode 0755). */
    Path writeExecutable(String relative, String content) throws IOException {
        Path p = write(relative, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /**
     * A harmless real binary under another name on the scenario's PATH (e.g. /usr/bin/echo as "gh"), so the
     * process's image, and its FileName, carry that name as the real tool's would.
     */
    Path fakeTool(String name, String realProgram) throws IOException {
        Path real = Programs.which(realProgram);
        if (real == null) {
            throw new IOException(realProgram + " is not on PATH");
        }
        Path p = bin.resolve(name);
        Files.copy(real, p, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Runs a program in {@code cwd} with this environment; throws with its output unless it exits 0. */
    Programs.Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        return Programs.runOk(cwd, env(), timeoutSeconds, command);
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        undo.push(resource::close);
        return resource;
    }

    void onClose(Undo step) {
        undo.push(step);
    }

    /** Runs every undo step, even after a failure; throws the first failure (the scenario then reports an error). */
    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            throw new IOException("cleanup failed: " + first.getMessage(), first);
        }
    }
}
