package dev.hookline.agent;

import java.nio.file.Path;

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
}
