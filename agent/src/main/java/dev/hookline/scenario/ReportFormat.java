package dev.hookline.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The matrix as a text table (one line per scenario × rule arm) or as JSON. */
public final class ReportFormat {
    private ReportFormat() {
    }

    public static String table(ScenarioReport r) {
        List<String[]> rows = new ArrayList<>();
        List<String> footnotes = new ArrayList<>();
        rows.add(new String[] {"SCENARIO", "KIND", "RULE / ARM", "RESULT", "LATENCY"});
        for (ScenarioResult s : r.results()) {
            String kind = s.kind().name().toLowerCase(Locale.ROOT);
            if (s.status() != ScenarioResult.Status.RAN) {
                rows.add(new String[] {s.name(), kind, "-", s.status() == ScenarioResult.Status.ERROR ? "ERROR"
                        : "skipped", ""});
                footnotes.add(s.name() + ": " + s.message());
                rows.get(rows.size() - 1)[3] += " [" + footnotes.size() + "]";
                continue;
            }
            boolean first = true;
            for (Cell c : s.cells()) {
                String result = c.outcome().label();
                if (c.alerts() > 1) {
                    result += " (" + c.alerts() + "x)";
                }
                if (c.note() != null) {
                    footnotes.add(s.name() + ", " + c.label() + ": " + c.note());
                    result += " [" + footnotes.size() + "]";
                }
                rows.add(new String[] {first ? s.name() : "", first ? kind : "", c.label(), result,
                        c.latencyMillis() >= 0 ? c.latencyMillis() + " ms" : ""});
                first = false;
            }
        }
        int[] w = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], w[i] + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append("\nLATENCY: from the triggering event's Timestamp (the kernel's time of the action) to the cell's first "
                + "alert (DetectedAt).\n");
        for (int i = 0; i < footnotes.size(); i++) {
            sb.append('[').append(i + 1).append("] ").append(footnotes.get(i)).append('\n');
        }
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    /** Counts and the verdict, in two lines. */
    static String summary(ScenarioReport r) {
        return "expected detections: " + r.count(Outcome.CAUGHT) + " caught, " + r.count(Outcome.MISSED) + " missed, "
                + r.count(Outcome.NOT_LOADED) + " rule(s) not loaded, " + r.count(Outcome.MISSED_KNOWN_GAP)
                + " known gap(s) missed; documented misses: "
                + r.count(Outcome.MISSED_AS_DOCUMENTED) + " (fired anyway: "
                + r.count(Outcome.FIRED_DESPITE_DOCUMENTED_MISS) + "); pending rules not loaded: "
                + r.count(Outcome.PENDING_NOT_LOADED) + "; also fired: " + r.count(Outcome.ALSO_FIRED) + "\n"
                + "benign controls: " + r.count(Outcome.QUIET) + " quiet, " + r.results().stream()
                .filter(s -> s.cells().stream().anyMatch(c -> c.outcome() == Outcome.FALSE_POSITIVE)).count()
                + " alerted; scenarios: " + r.count(ScenarioResult.Status.RAN) + " ran, "
                + r.count(ScenarioResult.Status.ERROR) + " error(s), " + r.count(ScenarioResult.Status.SKIPPED)
                + " skipped; " + r.rulesLoaded() + " rules loaded; tuning: " + r.tuning() + "; "
                + r.durationMillis() / 1000.0 + " s\n" + (r.failed() ? "FAIL" : "PASS");
    }

    public static String json(ScenarioReport r) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("passed", !r.failed());
        root.put("rules_loaded", r.rulesLoaded());
        root.put("tuning", r.tuning());
        root.put("duration_ms", r.durationMillis());
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioResult s : r.results()) {
            ObjectNode n = scenarios.addObject();
            n.put("name", s.name());
            n.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            n.put("origin", s.origin());
            n.put("description", s.description());
            n.put("status", s.status().name().toLowerCase(Locale.ROOT));
            if (s.message() != null) {
                n.put("message", s.message());
            }
            n.put("duration_ms", s.durationMillis());
            n.put("failed", s.failed());
            ArrayNode cells = n.putArray("cells");
            for (Cell c : s.cells()) {
                ObjectNode cn = cells.addObject();
                cn.put("rule", c.ruleId());
                if (c.arm() != null) {
                    cn.put("arm", c.arm());
                }
                cn.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
                cn.put("failure", c.outcome().failure());
                if (c.latencyMillis() >= 0) {
                    cn.put("latency_ms", c.latencyMillis());
                }
                cn.put("alerts", c.alerts());
                if (c.note() != null) {
                    cn.put("note", c.note());
                }
            }
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
