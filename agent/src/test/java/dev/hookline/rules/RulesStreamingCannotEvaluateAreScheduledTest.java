package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesStreamingCannotEvaluateAreScheduledTest {
    private static final long NOW = 1_700_000_000_000_000_000L;
    private final RuleLoader loader = new RuleLoader();

    private Rule kql(String name, String text) throws RuleException {
        return loader.parse("test:" + name, text, name);
    }

    @Test
    void aSummarizeRuleIsKeptApartAndTheStreamedRulesStillAlert() throws RuleException {
        Rule streamed = kql("whoami.kql", "DeviceProcessEvents | where FileName =~ 'whoami.exe'");
        Rule counted = kql("many.kql", "// many shells\nDeviceProcessEvents\n| where FileName == 'sh'\n"
                + "| summarize n = count() by DeviceName\n| where n > 10");
        List<Alert> alerts = new ArrayList<>();
        Detector d = new Detector(List.of(counted, streamed), Tuning.NONE, alerts::add);

        assertEquals(1, d.ruleCount(), "only the streamable rule is streamed");
        assertEquals(1, d.scheduled().size());
        ScheduledRule s = d.scheduled().get(0);
        assertEquals("many", s.rule().id());
        assertEquals("summarize", s.operator());
        assertEquals(4, s.line());
        assertEquals("scheduled rule (not streamable: summarize at line 4): runs every 5m over 1h, alerts when"
                + " rows gt 0", s.describe());

        for (String name : new String[] {"whoami.exe", "sh"}) {
            Event e = new Event(Table.DeviceProcessEvents);
            e.setTime(Columns.TIMESTAMP, NOW);
            e.set(Columns.FILE_NAME, name);
            d.accept(e, NOW);
        }
        assertEquals(1, alerts.size());
        assertEquals("whoami", alerts.get(0).rule().id());
    }

    @Test
    void joinsDistinctAndSortedTopsAreScheduledToo() throws RuleException {
        Rule distinct = kql("d.kql", "DeviceNetworkEvents | where RemotePort == 4444 | distinct DeviceName");
        Rule counted = kql("c.kql", "DeviceFileEvents | summarize count() by FileName | where count_ > 100");
        Detector d = new Detector(List.of(distinct, counted), Tuning.NONE, a -> { });
        assertEquals(0, d.ruleCount());
        assertEquals(List.of("distinct", "summarize"), d.scheduled().stream().map(ScheduledRule::operator).toList());
    }

    @Test
    void aQueryWithAnErrorIsStillRejected() {
        RuleException e = assertThrows(RuleException.class,
                () -> kql("bad.kql", "DeviceProcessEvents | summarize count() by NoSuchColumn"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
