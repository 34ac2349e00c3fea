package dev.hookline.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Times;
import java.io.IOException;

/**
 * An alert line as the runner needs it: rule, arm, and the latency from the triggering event (its Timestamp, the
 * kernel's time of the action) to detection (DetectedAt). {@code line} is kept to attribute the alert to a scenario.
 */
record ScenarioAlert(String ruleId, String arm, long detectedAtNanos, long latencyMillis, String line,
                     boolean scheduled) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long NO_LATENCY = -1;

    /** A detection alert, or null for anything else (health alerts, torn or foreign lines). */
    static ScenarioAlert parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode a;
        try {
            a = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (a == null || !a.hasNonNull("RuleId") || !a.hasNonNull("DetectedAt")) {
            return null;
        }
        long detected;
        try {
            detected = Times.parse(a.get("DetectedAt").asText());
        } catch (RuntimeException e) {
            return null;
        }
        long latency = NO_LATENCY;
        if (a.hasNonNull("Timestamp")) {
            try {
                latency = Math.max(0, (detected - Times.parse(a.get("Timestamp").asText())) / 1_000_000L);
            } catch (RuntimeException e) {
                // no usable event time: latency unknown
            }
        }
        return new ScenarioAlert(a.get("RuleId").asText(), a.path("Arm").asText(""), detected, latency, line,
                "Scheduled".equals(a.path("AlertType").asText()));
    }

    /** Health findings (records lost, overflow) are worth showing beside the matrix. */
    static String healthSummary(String line) {
        try {
            JsonNode a = JSON.readTree(line);
            if (a != null && "AgentHealth".equals(a.path("AlertType").asText())) {
                return a.path("Kind").asText("AgentHealth") + ": " + a.path("Message").asText("");
            }
        } catch (IOException e) {
            // not JSON: not a health line
        }
        return null;
    }
}
