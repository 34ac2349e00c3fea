package dev.hookline.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.alert.RuleMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Sentinel scheduled analytic rules (the YAML of Azure-Sentinel's Detections and Solutions folders), read
 * as they are: metadata, schedule, trigger, grouping, suppression and entity mappings. Fields that would change
 * what Sentinel does but the agent does not do are named in the rule's notices; other kinds of rule are refused.
 */
final class SentinelRules {
    /** Keys whose presence beside a top-level query marks a Sentinel rule (Hookline's own YAML has none of them). */
    private static final Set<String> MARKERS = Set.of("queryFrequency", "queryPeriod", "triggerOperator",
            "triggerThreshold", "kind", "relevantTechniques", "entityMappings");
    /** Keys that are read. */
    private static final Set<String> MAPPED = Set.of("id", "name", "description", "severity", "tactics",
            "relevantTechniques", "subTechniques", "query", "queryFrequency", "queryPeriod", "triggerOperator",
            "triggerThreshold", "entityMappings", "suppressionDuration", "suppressionEnabled", "kind",
            "eventGroupingSettings", "enabled");
    /** Keys about the rule's publication, not its behaviour: left aside without a notice. */
    private static final Set<String> DESCRIPTIVE = Set.of("status", "requiredDataConnectors", "tags", "version",
            "metadata", "displayName", "templateVersion");
    private static final Map<String, String> REFUSED_KINDS = Map.of(
            "nrt", "near-real-time rules run in Sentinel over ingestion time; load the query alone as a .kql file to"
                    + " stream it on the host",
            "fusion", "Fusion correlates alerts of several Microsoft products in the cloud; nothing on a host can run it",
            "mlbehavioranalytics", "its machine-learning models run only in Sentinel",
            "microsoftsecurityincidentcreation", "it turns other products' alerts into incidents; it has no query",
            "threatintelligence", "it matches Microsoft's threat intelligence feeds, which exist only in the cloud",
            "anomaly", "its anomaly models run only in Sentinel");

    private SentinelRules() {
    }

    static boolean looksLikeSentinel(JsonNode n) {
        if (n == null || !n.isObject() || !n.has("query")) {
            return false;
        }
        for (String k : MARKERS) {
            if (n.has(k)) {
                return true;
            }
        }
        return false;
    }

    /** The parts of a rule besides its compiled query. */
    record Parsed(RuleMeta meta, String query, Schedule schedule, List<String> notices) {
    }

    static Parsed parse(String where, JsonNode n) throws RuleException {
        String kind = text(n, "kind");
        if (kind != null && !kind.equalsIgnoreCase("Scheduled")) {
            String why = REFUSED_KINDS.get(kind.toLowerCase(Locale.ROOT));
            throw new RuleException(where + ": a Sentinel rule of kind " + kind + " cannot run on the host: "
                    + (why != null ? why : "only kind: Scheduled analytic rules can"));
        }
        String id = text(n, "id");
        String name = text(n, "name");
        String query = text(n, "query");
        require(where, "id", id);
        require(where, "name", name);
        require(where, "query", query);
        List<String> notices = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!MAPPED.contains(k) && !DESCRIPTIVE.contains(k)) {
                notices.add("Sentinel field '" + k + "' is not supported on the host and has no effect");
            }
        }
        String severity = text(n, "severity") == null ? "medium" : text(n, "severity").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("informational", "low", "medium", "high").contains(severity)) {
            throw new RuleException(where + ": severity \"" + text(n, "severity")
                    + "\" is not one of Informational, Low, Medium, High");
        }
        List<String> tactics = strings(n.get("tactics"));
        String technique = null;
        String sub = null;
        List<String> techniques = new ArrayList<>(strings(n.get("relevantTechniques")));
        techniques.addAll(strings(n.get("subTechniques")));
        for (String t : techniques) {
            if (t.contains(".")) {
                sub = sub == null ? t : sub;
                technique = technique == null ? t.substring(0, t.indexOf('.')) : technique;
            } else if (technique == null) {
                technique = t;
            }
        }
        String description = text(n, "description");
        if (description != null) {
            // Sentinel's descriptions are often a quoted string inside a block scalar
            description = description.strip().replaceAll("^'|'$", "").strip();
        }
        RuleMeta meta = new RuleMeta(id, name, description, tactics, technique, sub, severity, "medium", List.of(),
                "Sentinel analytic rule" + (text(n, "version") != null ? " version " + text(n, "version") : ""));

        long frequency = duration(where, n, "queryFrequency", Schedule.DEFAULT_FREQUENCY);
        long period = duration(where, n, "queryPeriod", Schedule.DEFAULT_PERIOD);
        Trigger trigger;
        try {
            trigger = text(n, "triggerOperator") == null ? Trigger.GT : Trigger.parse(text(n, "triggerOperator"));
        } catch (IllegalArgumentException e) {
            throw new RuleException(where + ": " + e.getMessage());
        }
        long threshold = 0;
        JsonNode th = n.get("triggerThreshold");
        if (th != null && !th.isNull()) {
            if (!th.canConvertToLong() || !(th.isIntegralNumber() || th.asText().matches("-?\\d+"))) {
                throw new RuleException(where + ": triggerThreshold \"" + th.asText() + "\" is not a whole number");
            }
            threshold = th.isIntegralNumber() ? th.asLong() : Long.parseLong(th.asText());
        }
        boolean perResult = true;
        JsonNode grouping = n.get("eventGroupingSettings");
        if (grouping != null && grouping.has("aggregationKind")) {
            String a = grouping.get("aggregationKind").asText();
            if (a.equalsIgnoreCase("SingleAlert")) {
                perResult = false;
            } else if (!a.equalsIgnoreCase("AlertPerResult")) {
                throw new RuleException(where + ": eventGroupingSettings.aggregationKind \"" + a
                        + "\" is not SingleAlert or AlertPerResult");
            }
        }
        long suppression = 0;
        if (n.path("suppressionEnabled").asBoolean(false)) {
            suppression = duration(where, n, "suppressionDuration", 0);
            if (suppression == 0) {
                throw new RuleException(where + ": suppressionEnabled needs a suppressionDuration");
            }
        }
        if (n.has("enabled") && !n.get("enabled").asBoolean(true)) {
            notices.add("'enabled: false' is not honoured: a rule file given to the agent runs; leave it out instead");
        }
        return new Parsed(meta, query, new Schedule(frequency, period, trigger, threshold, perResult,
                entityMappings(where, n.get("entityMappings"), notices), suppression, true), List.copyOf(notices));
    }

    private static List<EntityMapping> entityMappings(String where, JsonNode n, List<String> notices)
            throws RuleException {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new RuleException(where + ": entityMappings must be a list");
        }
        List<EntityMapping> out = new ArrayList<>();
        for (JsonNode m : n) {
            String type = text(m, "entityType");
            require(where, "entityMappings[].entityType", type);
            List<EntityMapping.Field> fields = new ArrayList<>();
            for (JsonNode f : m.path("fieldMappings")) {
                String identifier = text(f, "identifier");
                String column = text(f, "columnName");
                if (identifier == null || column == null) {
                    // a typo in one field mapping (published rules have "identifies:") costs that field, not the rule
                    notices.add("entityMappings: a field mapping of " + type + " without "
                            + (identifier == null ? "identifier" : "columnName") + " (" + f + ") is left out");
                    continue;
                }
                fields.add(new EntityMapping.Field(identifier, column));
            }
            out.add(new EntityMapping(type, List.copyOf(fields)));
        }
        return List.copyOf(out);
    }

    private static long duration(String where, JsonNode n, String key, long dflt) throws RuleException {
        String t = text(n, key);
        if (t == null) {
            return dflt;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw new RuleException(where + ": " + key + ": " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n != null && n.isTextual()) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n == null ? null : n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void require(String where, String key, String value) throws RuleException {
        if (value == null || value.isBlank()) {
            throw new RuleException(where + ": missing required key '" + key + "' of a Sentinel analytic rule");
        }
    }
}
