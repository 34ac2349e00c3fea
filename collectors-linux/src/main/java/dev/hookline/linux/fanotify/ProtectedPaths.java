package dev.hookline.linux.fanotify;

import dev.hookline.collector.HealthSink;
import dev.hookline.process.ProcessInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's own files ({@code CollectorContext.protectedPaths()}: its class path, launcher, config, rule files)
 * and the {@code AgentFileTampered} health alert when another process creates, modifies, renames or deletes
 * one of them, or renames/deletes a directory above one. Files are an exact-match set and directories (class path
 * directories, "lib/*" wildcards) a short prefix list, so the check on each file event is a hash look-up. Each
 * entry is kept as given (absolute) and as its real path, since fanotify reports real paths. Repeats of the same
 * path, action and process within 10 s (a write burst) raise one alert; all are counted.
 */
final class ProtectedPaths {
    static final long REPEAT_NANOS = 10_000_000_000L;
    private static final int MAX_COMMAND_LINE = 300;
    private final Set<String> files = new HashSet<>();
    private final List<String> dirs = new ArrayList<>();
    private final List<String> all = new ArrayList<>();
    private final HealthSink health;
    private final Map<String, Long> lastAlert = new HashMap<>();
    volatile long hits;

    ProtectedPaths(List<String> paths, HealthSink health) {
        this.health = health;
        for (String p : paths) {
            add(p);
        }
    }

    private void add(String entry) {
        String p = entry.trim();
        boolean wildcard = p.endsWith("/*") || p.equals("*");
        if (wildcard) {
            p = p.length() > 2 ? p.substring(0, p.length() - 2) : ".";
        }
        if (p.isEmpty()) {
            return;
        }
        Path path;
        try {
            path = Path.of(p).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return;
        }
        boolean dir = wildcard || Files.isDirectory(path);
        put(path.toString(), dir);
        try {
            put(path.toRealPath().toString(), dir);
        } catch (IOException | RuntimeException e) {
            // does not exist (yet): a config file that would take effect when created is still protected
        }
    }

    private void put(String p, boolean dir) {
        if (dir) {
            String d = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (!dirs.contains(d)) {
                dirs.add(d);
                all.add(d);
            }
        } else if (files.add(p)) {
            all.add(p);
        }
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** The paths watched (absolute, with real paths added), for status and tests. */
    List<String> paths() {
        return List.copyOf(all);
    }

    /** True when the file at path is protected (listed, or below a listed directory). */
    boolean covers(String path) {
        return files.contains(path) || (!dirs.isEmpty() && PathPrefixes.matches(dirs, path));
    }

    /** True when renaming or deleting the directory at path moves or removes a protected path. */
    boolean coversBelow(String dir) {
        if (covers(dir)) {
            return true;
        }
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        for (String p : all) {
            if (p.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Raises AgentFileTampered (at most once per path, action and pid within {@link #REPEAT_NANOS}).
     *
     * @param detail e.g. "renamed to /tmp/x", or null
     */
    void tampered(String action, String path, String detail, long pid, ProcessInfo who, long mono) {
        hits++;
        String key = action + '\0' + path + '\0' + pid;
        Long last = lastAlert.get(key);
        if (last != null && mono - last < REPEAT_NANOS) {
            return;
        }
        if (lastAlert.size() >= 4096) {
            lastAlert.clear();
        }
        lastAlert.put(key, mono);
        StringBuilder sb = new StringBuilder("the agent's file ").append(path).append(' ').append(action);
        if (detail != null) {
            sb.append(' ').append(detail);
        }
        sb.append(" by pid ").append(pid);
        if (who != null) {
            sb.append(" (").append(who.imagePath() == null ? "?" : who.imagePath());
            String cmd = who.commandLine();
            if (cmd != null) {
                sb.append(", command line: ").append(cmd.length() > MAX_COMMAND_LINE
                        ? cmd.substring(0, MAX_COMMAND_LINE) + "..." : cmd);
            }
            sb.append(", uid ").append(who.uid()).append(')');
        } else {
            sb.append(" (already exited)");
        }
        sb.append("; the agent's code, launcher or configuration may have been altered");
        health.healthAlert("AgentFileTampered", sb.toString());
    }
}
