package dev.hookline.sentinel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The ARM template an admin deploys once per workspace: the custom tables (Microsoft.OperationalInsights/
 * workspaces/tables) and a Direct data collection rule whose stream declarations and data flows are generated from
 * {@link SentinelStreams} — the same code that shapes the records the agent sends. Its outputs are the values the
 * agent config needs (DCR immutable id, logs ingestion endpoint) and the DCR's resource id for the role assignment.
 */
public final class ArmTemplate {
    static final String TABLES_API = "2022-10-01";
    static final String DCR_API = "2023-03-11";
    private static final String DESTINATION = "hooklineWorkspace";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ArmTemplate() {
    }

    /**
     * @param workspaceName default of the workspaceName parameter, or null to make it required at deployment
     * @param alertStream the alert stream name (config alerts_stream)
     */
    public static ObjectNode build(String workspaceName, String alertStream) {
        List<SentinelStreams.Stream> streams = SentinelStreams.all(alertStream);
        ObjectNode t = MAPPER.createObjectNode();
        t.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        t.put("contentVersion", "1.0.0.0");
        ObjectNode params = t.putObject("parameters");
        ObjectNode ws = param(params, "workspaceName", "The Log Analytics workspace Microsoft Sentinel uses "
                + "(in this resource group).");
        if (workspaceName != null && !workspaceName.isBlank()) {
            ws.put("defaultValue", workspaceName);
        }
        param(params, "dataCollectionRuleName", "Name of the data collection rule to create.")
                .put("defaultValue", "hookline-dcr");
        param(params, "location", "Region of the DCR; must be the workspace's region.")
                .put("defaultValue", "[resourceGroup().location]");
        ObjectNode retention = params.putObject("retentionInDays");
        retention.put("type", "int");
        retention.put("defaultValue", 90);
        retention.putObject("metadata").put("description", "Interactive retention of the Hookline tables.");

        ArrayNode resources = t.putArray("resources");
        ArrayNode dependsOn = MAPPER.createArrayNode();
        for (SentinelStreams.Stream s : streams) {
            ObjectNode table = resources.addObject();
            table.put("type", "Microsoft.OperationalInsights/workspaces/tables");
            table.put("apiVersion", TABLES_API);
            table.put("name", "[concat(parameters('workspaceName'), '/" + s.table() + "')]");
            ObjectNode props = table.putObject("properties");
            props.put("plan", "Analytics");
            props.put("retentionInDays", "[parameters('retentionInDays')]");
            ObjectNode schema = props.putObject("schema");
            schema.put("name", s.table());
            schema.set("columns", columns(s));
            dependsOn.add("[resourceId('Microsoft.OperationalInsights/workspaces/tables', parameters('workspaceName'), '"
                    + s.table() + "')]");
        }

        ObjectNode dcr = resources.addObject();
        dcr.put("type", "Microsoft.Insights/dataCollectionRules");
        dcr.put("apiVersion", DCR_API);
        dcr.put("name", "[parameters('dataCollectionRuleName')]");
        dcr.put("location", "[parameters('location')]");
        dcr.put("kind", "Direct");
        dcr.set("dependsOn", dependsOn);
        ObjectNode props = dcr.putObject("properties");
        props.put("description", "Hookline endpoint sensor: alerts and (optionally) raw MDE-schema events.");
        ObjectNode decls = props.putObject("streamDeclarations");
        for (SentinelStreams.Stream s : streams) {
            decls.putObject(s.name()).set("columns", columns(s));
        }
        ObjectNode la = props.putObject("destinations").putArray("logAnalytics").addObject();
        la.put("workspaceResourceId",
                "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspaceName'))]");
        la.put("name", DESTINATION);
        ArrayNode flows = props.putArray("dataFlows");
        for (SentinelStreams.Stream s : streams) {
            ObjectNode f = flows.addObject();
            f.putArray("streams").add(s.name());
            f.putArray("destinations").add(DESTINATION);
            f.put("transformKql", "source");
            f.put("outputStream", s.outputStream());
        }

        String dcrId = "resourceId('Microsoft.Insights/dataCollectionRules', parameters('dataCollectionRuleName'))";
        ObjectNode outputs = t.putObject("outputs");
        output(outputs, "dataCollectionRuleId", "[" + dcrId + "]");
        output(outputs, "dcrImmutableId", "[reference(" + dcrId + ", '" + DCR_API + "').immutableId]");
        output(outputs, "logsIngestionEndpoint", "[reference(" + dcrId + ", '" + DCR_API
                + "').endpoints.logsIngestion]");
        return t;
    }

    /** The template as indented JSON text. */
    public static String json(String workspaceName, String alertStream) {
        try {
            return MAPPER.writeValueAsString(build(workspaceName, alertStream));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode columns(SentinelStreams.Stream s) {
        ArrayNode a = MAPPER.createArrayNode();
        for (SentinelStreams.StreamColumn c : s.columns()) {
            ObjectNode o = a.addObject();
            o.put("name", c.name());
            o.put("type", c.type());
        }
        return a;
    }

    private static ObjectNode param(ObjectNode params, String name, String description) {
        ObjectNode p = params.putObject(name);
        p.put("type", "string");
        p.putObject("metadata").put("description", description);
        return p;
    }

    private static void output(ObjectNode outputs, String name, String value) {
        ObjectNode o = outputs.putObject(name);
        o.put("type", "string");
        o.put("value", value);
    }
}
