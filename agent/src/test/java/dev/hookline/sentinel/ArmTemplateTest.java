package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.Table;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArmTemplateTest {
    private static final Set<String> DCR_TYPES = Set.of("string", "int", "long", "real", "boolean", "datetime",
            "dynamic");

    private static Map<String, String> columns(JsonNode arr) {
        Map<String, String> m = new LinkedHashMap<>();
        arr.forEach(c -> m.put(c.get("name").asText(), c.get("type").asText()));
        return m;
    }

    @Test
    void theTemplateDeclaresEveryColumnOfEveryTableWithItsType() throws Exception {
        JsonNode t = new ObjectMapper().readTree(ArmTemplate.json("my-ws", "Custom-HooklineAlerts"));
        assertEquals("my-ws", t.at("/parameters/workspaceName/defaultValue").asText());
        Map<String, Map<String, String>> tables = new HashMap<>();
        JsonNode dcr = null;
        for (JsonNode r : t.get("resources")) {
            String type = r.get("type").asText();
            if (type.equals("Microsoft.OperationalInsights/workspaces/tables")) {
                JsonNode schema = r.at("/properties/schema");
                String name = schema.get("name").asText();
                assertTrue(name.endsWith("_CL"), name);
                assertTrue(r.get("name").asText().endsWith("/" + name + "')]"), r.get("name").asText());
                tables.put(name, columns(schema.get("columns")));
            } else if (type.equals("Microsoft.Insights/dataCollectionRules")) {
                dcr = r;
            }
        }
        assertNotNull(dcr);
        assertEquals("Direct", dcr.get("kind").asText());
        assertEquals(Set.of("HooklineAlerts_CL", "HooklineProcessEvents_CL", "HooklineNetworkEvents_CL",
                "HooklineFileEvents_CL"), tables.keySet());
        JsonNode decls = dcr.at("/properties/streamDeclarations");
        for (Table table : Table.values()) {
            String stream = "Custom-Hookline" + table.name().substring("Device".length());
            Map<String, String> decl = columns(decls.get(stream).get("columns"));
            assertEquals("datetime", decl.get("TimeGenerated"));
            assertEquals(table.columns().size() + 2, decl.size(),
                    "exactly our columns plus TimeGenerated and MachineGroup");
            assertEquals("string", decl.get("MachineGroup"), "the device group of streaming-API records");
            for (Column c : table.columns()) {
                String expected = switch (c.type()) {
                    case STRING -> "string";
                    case LONG -> "long";
                    case INT -> "int";
                    case DATETIME -> "datetime";
                    case BOOL -> "boolean";
                    case DYNAMIC -> "dynamic";
                };
                assertEquals(expected, decl.get(c.name()), stream + "." + c.name());
            }
            assertEquals(decl, tables.get(stream.substring("Custom-".length()) + "_CL"), "table = stream");
        }
        Map<String, String> alerts = columns(decls.get("Custom-HooklineAlerts").get("columns"));
        for (String c : List.of("TimeGenerated", "AlertId", "RuleId", "RuleTitle", "Arm", "Severity", "Confidence",
                "MitreTactics", "MitreTechniques", "Row", "Event", "ProcessAncestry", "AlertType", "DeviceName")) {
            assertTrue(alerts.containsKey(c), c);
        }
        assertEquals("dynamic", alerts.get("MitreTactics"));
        assertEquals("datetime", alerts.get("TimeGenerated"));
        decls.fields().forEachRemaining(e -> e.getValue().get("columns")
                .forEach(c -> assertTrue(DCR_TYPES.contains(c.get("type").asText()), c.toString())));
        JsonNode flows = dcr.at("/properties/dataFlows");
        assertEquals(4, flows.size());
        for (JsonNode f : flows) {
            String stream = f.get("streams").get(0).asText();
            assertNotNull(decls.get(stream), stream);
            assertEquals("source", f.get("transformKql").asText());
            assertEquals(stream + "_CL", f.get("outputStream").asText());
            assertEquals(dcr.at("/properties/destinations/logAnalytics/0/name").asText(),
                    f.get("destinations").get(0).asText());
        }
        assertTrue(t.at("/outputs/dcrImmutableId/value").asText().contains("immutableId"));
        assertTrue(t.at("/outputs/logsIngestionEndpoint/value").asText().contains("endpoints.logsIngestion"));
    }
}
