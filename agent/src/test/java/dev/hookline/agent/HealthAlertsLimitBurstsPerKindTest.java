package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.HostIdentity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthAlertsLimitBurstsPerKindTest {
    @Test
    void aBurstShowsItsFirstAlertsOtherKindsPassAndTheNextWindowSaysWhatWasSuppressed() throws Exception {
        List<String> lines = new ArrayList<>();
        HealthAlerts h = new HealthAlerts(new HostIdentity("h", "id"), lines::add, 200_000_000L);
        for (int i = 0; i < 15; i++) {
            h.healthAlert("AuditConfigChanged", "rule " + i + " removed");
        }
        h.healthAlert("AgentFileTampered", "jar replaced");
        assertEquals(HealthAlerts.PER_KIND_PER_INTERVAL + 1, lines.size());
        assertEquals(5, h.rateLimited());
        Thread.sleep(250);
        h.healthAlert("AuditConfigChanged", "rule 15 removed");
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("5 more AuditConfigChanged alerts were suppressed"), last);
        assertTrue(last.contains("\"AlertId\"") && last.contains("\"AlertType\":\"AgentHealth\""), last);
    }
}
