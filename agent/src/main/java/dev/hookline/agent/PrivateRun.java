package dev.hookline.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import dev.hookline.config.KnownCollectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * An agent of a command's own that runs the collectors as {@code user} configures them (so the same paths are
     * watched) with everything else private to the command ({@link #yaml}, and no event store), so it never meets a
     * running agent's files.
     */
    public static AgentConfig withCollectorsOf(AgentConfig user, Path tmp, String source, KnownCollectors known)
            throws ConfigException {
        Map<String, Object> collectors = new LinkedHashMap<>();
        user.collectorNames().forEach(n -> collectors.put(n, user.collector(n)));
        StringBuilder yaml = new StringBuilder(yaml(tmp)).append("store:\n  enabled: false\n");
        if (!collectors.isEmpty()) {
            try {
                ObjectMapper m = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
                yaml.append(m.writeValueAsString(Map.of("collectors", collectors)));
            } catch (JsonProcessingException e) {
                throw new ConfigException("cannot copy the collector settings: " + e.getMessage());
            }
        }
        return ConfigLoader.parse(yaml.toString(), source, known);
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
