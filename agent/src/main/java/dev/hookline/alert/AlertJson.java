package dev.hookline.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.install.InstallContext;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.io.ValueJson;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Serializes an alert as one JSON line (no trailing newline). */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static String toJson(Alert a) {
        StringWriter w = new StringWriter(2048);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("AlertId", a.alertId());
            long ts = a.event().getLong(Columns.TIMESTAMP);
            if (ts != Event.NULL) {
                g.writeStringField("Timestamp", Times.format(ts));
            }
            g.writeStringField("DetectedAt", Times.format(a.detectedAtNanos()));
            g.writeStringField("RuleId", a.rule().id());
            g.writeStringField("RuleTitle", a.rule().title());
            InstallContext install = a.install();
            if (install != null) {
                g.writeStringField("AlertTitle", a.title());
            }
            g.writeStringField("Arm", a.arm());
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
            g.writeObjectFieldStart("Row");
            for (int i = 0; i < a.columns().size(); i++) {
                g.writeFieldName(a.columns().get(i));
                ValueJson.write(g, a.row()[i]);
            }
            g.writeEndObject();
            g.writeFieldName("Event");
            if (a.eventJson() != null) {
                g.writeRawValue(a.eventJson());
            } else {
                EventJsonWriter.write(g, a.event());
            }
            if (install != null) {
                // The same keys as the row's AdditionalFields, so one reader serves both.
                g.writeObjectFieldStart("InstallContext");
                writeIfSet(g, InstallContext.MANAGER, install.manager());
                writeIfSet(g, InstallContext.PACKAGE, install.packageName());
                writeIfSet(g, InstallContext.VERSION, install.version());
                writeIfSet(g, InstallContext.PHASE, install.phase());
                writeIfSet(g, InstallContext.PROJECT_DIR, install.projectDir());
                g.writeEndObject();
            }
            if (!a.ancestry().isEmpty()) {
                g.writeArrayFieldStart("ProcessAncestry");
                for (ProcessInfo p : a.ancestry()) {
                    g.writeStartObject();
                    g.writeNumberField("ProcessId", p.pid());
                    g.writeNumberField("ParentProcessId", p.ppid());
                    if (p.fileName() != null) {
                        g.writeStringField("FileName", p.fileName());
                    }
                    if (p.imagePath() != null) {
                        g.writeStringField("FolderPath", p.imagePath());
                    }
                    if (p.commandLine() != null) {
                        g.writeStringField("ProcessCommandLine", p.commandLine());
                    }
                    if (p.creationTimeNanos() != Event.NULL) {
                        g.writeStringField("ProcessCreationTime", Times.format(p.creationTimeNanos()));
                    }
                    if (p.account().name() != null) {
                        g.writeStringField("AccountName", p.account().name());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeIfSet(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
