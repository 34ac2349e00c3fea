package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Alert JSON lines shaped like AlertJson's, for the Sentinel tests. */
final class Alerts {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Alerts() {
    }

    static String line(int i, int padding) {
        ObjectNode a = MAPPER.createObjectNode();
        a.put("AlertId", String.format("alert-%06d", i));
        a.put("Timestamp", "2026-11-20T12:00:00.1234567Z");
        a.put("DetectedAt", "2026-11-20T12:00:01Z");
        a.put("RuleId", "T1195.001");
        a.put("RuleTitle", "Supply chain compromise");
        a.put("Arm", "main");
        a.put("Severity", "High");
        a.put("Confidence", "Medium");
        a.putArray("MitreTactics").add("InitialAccess");
        a.putArray("MitreTechniques").add("T1195.001");
        a.putObject("Row").put("FileName", "npm").put("ProcessCommandLine", "x".repeat(padding));
        ObjectNode ev = a.putObject("Event");
        ev.put("Timestamp", "2026-11-20T12:00:00.1234567Z");
        ev.put("DeviceName", "host-1");
        ev.put("DeviceId", "dev-1");
        ev.put("ProcessCommandLine", "npm install " + "y".repeat(padding));
        ev.put("Type", "DeviceProcessEvents");
        a.putArray("ProcessAncestry").addObject().put("ProcessId", 1).put("FileName", "systemd");
        return a.toString();
    }

    static String health(int i) {
        return MAPPER.createObjectNode().put("AlertId", "health-" + i).put("AlertType", "AgentHealth")
                .put("Timestamp", "2026-11-20T12:00:00Z").put("Kind", "audit_lost").put("Message", "lost 3 records")
                .put("DeviceName", "host-1").put("DeviceId", "dev-1").put("Extra", 7).toString();
    }
}
