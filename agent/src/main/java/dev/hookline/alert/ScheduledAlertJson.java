package dev.hookline.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.ValueJson;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A scheduled rule's alert as one JSON line: the fields of a streaming alert that apply (no triggering event: a
 * scheduled result is rows, not an event), "AlertType":"Scheduled", the window, and the Sentinel-style Entities.
 */
public final class ScheduledAlertJson {
    /** Rows written into one single-alert line; the count says how many there were. */
    public static final int MAX_ROWS = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScheduledAlertJson() {
    }

    public static String toJson(ScheduledAlert a) {
        StringWriter w = new StringWriter(1024);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("AlertId", a.alertId());
            g.writeStringField("AlertType", "Scheduled");
            g.writeStringField("Timestamp", Times.format(a.windowEndNanos()));
            g.writeStringField("DetectedAt", Times.format(a.detectedAtNanos()));
            g.writeStringField("RuleId", a.rule().id());
            g.writeStringField("RuleTitle", a.rule().title());
            g.writeStringField("Severity", a.rule().severity());
            g.writeStringField("Confidence", a.rule().confidence());
            g.writeArrayFieldStart("MitreTactics");
            for (String t : a.rule().tactics()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("MitreTechniques");
            for (String t : a.rule().mitreIds()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeStringField("WindowStart", Times.format(a.windowStartNanos()));
            g.writeStringField("WindowEnd", Times.format(a.windowEndNanos()));
            g.writeNumberField("ResultRows", a.resultRows());
            if (a.perResult()) {
                g.writeFieldName("Row");
                row(g, a.columns(), a.rows().get(0));
            } else {
                g.writeArrayFieldStart("Rows");
                for (int i = 0; i < Math.min(MAX_ROWS, a.rows().size()); i++) {
                    row(g, a.columns(), a.rows().get(i));
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("Entities");
            for (Entity e : a.entities()) {
                g.writeStartObject();
                g.writeStringField("Type", e.type());
                for (Map.Entry<String, String> f : e.identifiers().entrySet()) {
                    g.writeStringField(f.getKey(), f.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void row(JsonGenerator g, List<String> columns, Object[] row) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            g.writeFieldName(columns.get(i));
            ValueJson.write(g, row[i]);
        }
        g.writeEndObject();
    }
}
