package dev.hookline.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The config of an agent started by another command for its own use (`watch`, `scenarios run`): its alert file and
 * control socket in that command's private temp dir, read while the agent runs (no fsync), no periodic health line.
 */
public final class PrivateRun {
    private PrivateRun() {
    }

    /** YAML for the settings above; callers append their own sections. */
    public static String yaml(Path tmp) {
        return "alerts:\n  file:\n    path: " + quote(tmp.resolve("alerts.jsonl")) + "\n    fsync: never\n"
                + "control:\n  socket: " + quote(tmp.resolve("control.sock")) + "\n"
                + "health:\n  log_interval_seconds: 0\n";
    }

    /** A path as a single-quoted YAML scalar. */
    public static String quote(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** Removes the command's temp dir and everything in it, best effort (nothing there outlives the command). */
    public static void deleteTempDir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
