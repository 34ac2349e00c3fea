package dev.hookline.linux.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.agent.Agent;
import dev.hookline.config.ConfigLoader;
import dev.hookline.control.ControlClient;
import dev.hookline.kql.ResultTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real agent as {@code hookline run} starts it: every collector on the class path (audit, fanotify, DNS), the
 * embedded seed rules, the alert file (fsync every line) and the control socket in a temp dir, no health log.
 */
final class LiveAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path alerts;
    final Path socket;
    final ControlClient control;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Agent agent;

    private LiveAgent(Path dir) throws Exception {
        this.dir = dir;
        this.alerts = dir.resolve("alerts.jsonl");
        this.socket = dir.resolve("ctl/control.sock");
        String yaml = "alerts:\n  file:\n    path: " + alerts + "\n    fsync: every_line\n"
                + "control:\n  socket: " + socket + "\nhealth:\n  log_interval_seconds: 0\n"
                + "store:\n  path: " + dir.resolve("store") + "\n";
        this.agent = Agent.start(ConfigLoader.parse(yaml, "e2e"), new PrintStream(log, true, StandardCharsets.UTF_8));
        this.control = new ControlClient(socket);
    }

    static LiveAgent start(Path dir) throws Exception {
        return new LiveAgent(dir);
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    Map<String, Object> status() throws Exception {
        return control.status();
    }

    /** All alert lines so far, parsed. */
    List<JsonNode> alerts() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(alerts)) {
            return out;
        }
        for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Polls the alert file until an alert matches, at most {@code millis} after {@code fromNanos}; null if none. */
    JsonNode awaitAlert(Predicate<JsonNode> match, long fromNanos, long millis) throws Exception {
        long deadline = fromNanos + millis * 1_000_000L;
        while (true) {
            for (JsonNode a : alerts()) {
                if (match.test(a)) {
                    return a;
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(20);
        }
    }

    /** Runs a hunting query over the control socket; rows as column → value maps. */
    List<Map<String, Object>> query(String kql) throws Exception {
        ResultTable t = control.query(kql);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object[] r : t.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.length; i++) {
                m.put(t.columnNames().get(i), r[i]);
            }
            rows.add(m);
        }
        return rows;
    }

    /** Re-runs the query until it returns at least one row, at most {@code millis}. */
    List<Map<String, Object>> awaitRows(String kql, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            List<Map<String, Object>> rows = query(kql);
            if (!rows.isEmpty() || System.nanoTime() > deadline) {
                return rows;
            }
            Thread.sleep(50);
        }
    }

    /** Everything useful to read when an assertion fails. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder("\n--- agent log ---\n").append(log());
        try {
            sb.append("--- alerts ---\n");
            for (JsonNode a : alerts()) {
                sb.append(a).append('\n');
            }
            sb.append("--- status ---\n").append(status()).append('\n');
        } catch (Exception e) {
            sb.append("(").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        agent.close();
    }
}
