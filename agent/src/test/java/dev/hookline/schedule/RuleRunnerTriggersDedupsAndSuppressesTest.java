package dev.hookline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.ScheduledAlert;
import dev.hookline.alert.ScheduledAlertJson;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRunnerTriggersDedupsAndSuppressesTest {
    private static final long T = Times.parse("2026-11-20T10:00:00Z");
    private static final long MIN = 60_000_000_000L;

    /** A Sentinel rule over DeviceProcessEvents: one row per whoami run. */
    private static ScheduledRule sentinel(String extra) throws RuleException {
        String yaml = "id: 11111111-2222-3333-4444-555555555555\nname: whoami runs\nseverity: High\n"
                + "queryFrequency: 5m\nqueryPeriod: 10m\n" + extra
                + "query: |\n  DeviceProcessEvents\n  | where FileName =~ 'whoami.exe'\n"
                + "  | project TimeGenerated, DeviceName, AccountName, ProcessCommandLine\n"
                + "entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n"
                + "        columnName: DeviceName\n";
        var rule = new RuleLoader().parse("test:rule.yaml", yaml, "rule.yaml");
        List<ScheduledRule> s = new Detector(List.of(rule), Tuning.NONE, a -> { }).scheduled();
        assertEquals(1, s.size(), "a Sentinel rule is scheduled even though its query could stream");
        return s.get(0);
    }

    private static EventList whoami(long... times) {
        EventLines e = new EventLines();
        int i = 0;
        for (long t : times) {
            e.add("DeviceProcessEvents", t, "FileName", "whoami.exe", "DeviceName", "ws" + (i++),
                    "AccountName", "eve", "ProcessCommandLine", "whoami /all");
        }
        return e.list();
    }

    private static List<ScheduledAlert> runAt(RuleRunner r, EventList events, long now) {
        return r.run((from, to) -> new WindowSource(events, from, to), now);
    }

    private static int alertsWith(String trigger, int threshold, int rows) throws RuleException {
        RuleRunner r = new RuleRunner(sentinel("triggerOperator: " + trigger + "\ntriggerThreshold: " + threshold
                + "\n"), KqlOptions.DEFAULT);
        long[] times = new long[rows];
        for (int i = 0; i < rows; i++) {
            times[i] = T + i * MIN;
        }
        return runAt(r, whoami(times), T + 9 * MIN).size();
    }

    @Test
    void gtAlertsOnlyAboveTheThreshold() throws RuleException {
        assertEquals(0, alertsWith("gt", 2, 2));
        assertEquals(3, alertsWith("gt", 2, 3), "one alert per result row");
    }

    @Test
    void ltAlertsOnlyBelowTheThresholdAndNeverOnAnEmptyResult() throws RuleException {
        assertEquals(1, alertsWith("lt", 2, 1));
        assertEquals(0, alertsWith("lt", 2, 2));
        assertEquals(0, alertsWith("lt", 2, 0), "no row, nothing to alert on");
    }

    @Test
    void eqAlertsOnlyAtTheThreshold() throws RuleException {
        assertEquals(2, alertsWith("eq", 2, 2));
        assertEquals(0, alertsWith("eq", 2, 3));
    }

    @Test
    void neAlertsOffTheThreshold() throws RuleException {
        assertEquals(0, alertsWith("ne", 2, 2));
        assertEquals(3, alertsWith("NotEqual", 2, 3));
    }

    @Test
    void aRowAlertedOnceIsNotRaisedAgainByAnOverlappingWindowButANewRowIs() throws RuleException {
        RuleRunner r = new RuleRunner(sentinel(""), KqlOptions.DEFAULT);
        EventList events = whoami(T + MIN, T + 7 * MIN);
        List<ScheduledAlert> first = runAt(r, events, T + 5 * MIN); // [T-5m, T+5m): the first row
        assertEquals(1, first.size());
        List<ScheduledAlert> second = runAt(r, events, T + 10 * MIN); // [T, T+10m): both rows, the first seen
        assertEquals(1, second.size());
        assertEquals("ws1", second.get(0).rows().get(0)[1]);
        assertEquals(1, r.last().deduplicated());
        assertTrue(r.last().describe().contains("2 rows, 1 alerts, 1 already raised"), r.last().describe());
        // the same row gets the same id wherever it is evaluated
        RuleRunner fresh = new RuleRunner(sentinel(""), KqlOptions.DEFAULT);
        assertEquals(first.get(0).alertId(), runAt(fresh, events, T + 5 * MIN).get(0).alertId());
    }

    @Test
    void suppressionSkipsRunsForItsDurationAfterAnAlert() throws RuleException {
        RuleRunner r = new RuleRunner(sentinel("suppressionEnabled: true\nsuppressionDuration: 12m\n"),
                KqlOptions.DEFAULT);
        EventList events = whoami(T + MIN, T + 7 * MIN, T + 16 * MIN);
        assertEquals(1, runAt(r, events, T + 5 * MIN).size()); // quiet until T+17m
        assertEquals(0, runAt(r, events, T + 10 * MIN).size());
        assertTrue(r.last().quiet());
        assertEquals(0, runAt(r, events, T + 15 * MIN).size());
        List<ScheduledAlert> after = runAt(r, events, T + 20 * MIN); // [T+10m, T+20m): only the third row
        assertEquals(1, after.size());
        assertEquals("ws2", after.get(0).rows().get(0)[1]);
        assertEquals(2, r.quietRuns());
        assertEquals(2, r.runs());
    }

    @Test
    void singleAlertGroupsTheWholeResultIntoOneAlertWithEveryRowsEntities() throws RuleException {
        RuleRunner r = new RuleRunner(sentinel("eventGroupingSettings:\n  aggregationKind: SingleAlert\n"),
                KqlOptions.DEFAULT);
        List<ScheduledAlert> a = runAt(r, whoami(T + MIN, T + 2 * MIN, T + 3 * MIN), T + 5 * MIN);
        assertEquals(1, a.size());
        assertEquals(3, a.get(0).resultRows());
        assertEquals(3, a.get(0).entities().size());
        String json = ScheduledAlertJson.toJson(a.get(0));
        assertTrue(json.contains("\"Rows\":[{"), json);
        assertTrue(json.contains("{\"Type\":\"Host\",\"HostName\":\"ws2\"}"), json);
    }

    @Test
    void aFailingRunIsCountedReportedAndTheNextRunStillHappens() throws RuleException {
        RuleRunner r = new RuleRunner(sentinel(""), KqlOptions.DEFAULT);
        EventList events = whoami(T + MIN);
        int[] calls = {0};
        Windows flaky = (from, to) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("store block unreadable");
            }
            return new WindowSource(events, from, to);
        };
        assertEquals(0, r.run(flaky, T + 5 * MIN).size());
        assertNotNull(r.last().error());
        assertTrue(r.last().describe().contains("failed") && r.last().describe().contains("store block unreadable"),
                r.last().describe());
        assertEquals(1, r.run(flaky, T + 10 * MIN).size());
        assertNull(r.last().error());
        assertEquals(1, r.failures());
    }

    @Test
    void aRunStoppedBecauseTheSchedulerIsClosingIsNotAFailure() throws RuleException {
        RuleRunner r = new RuleRunner(sentinel(""), KqlOptions.DEFAULT);
        Windows interrupted = (from, to) -> {
            Thread.currentThread().interrupt(); // as shutdownNow does mid-read
            throw new java.io.UncheckedIOException(new java.nio.channels.ClosedByInterruptException());
        };
        try {
            assertEquals(0, r.run(interrupted, T + 5 * MIN).size());
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for the pool to see");
        }
        assertEquals(0, r.failures());
        assertNull(r.last());
    }

    @Test
    void aRunOverTheRowBudgetFailsInsteadOfExhaustingTheHeap() throws RuleException {
        String yaml = "id: j\nname: joined\nqueryFrequency: 5m\nqueryPeriod: 1h\ntriggerOperator: gt\n"
                + "triggerThreshold: 0\nquery: |\n  DeviceProcessEvents | join kind=inner (DeviceProcessEvents)"
                + " on DeviceName\n";
        var rule = new RuleLoader().parse("test:j.yaml", yaml, "j.yaml");
        ScheduledRule s = new Detector(List.of(rule), Tuning.NONE, a -> { }).scheduled().get(0);
        RuleRunner r = new RuleRunner(s, KqlOptions.DEFAULT.withRowBudget(2));
        assertEquals(0, runAt(r, whoami(T + MIN, T + 2 * MIN, T + 3 * MIN), T + 5 * MIN).size());
        assertNotNull(r.last().error(), "three rows on the build side, two allowed");
    }

    @Test
    void offlineWindowsStepByFrequencyFromTheFirstEventAndEachRowAlertsOnce() throws RuleException {
        List<ScheduledAlert> out = new ArrayList<>();
        EventList events = whoami(T, T + 4 * MIN, T + 12 * MIN, T + 31 * MIN);
        OfflineSchedule.Totals t = OfflineSchedule.replay(List.of(sentinel("")), events, KqlOptions.DEFAULT,
                out::add, f -> { });
        // windows end at T-1ns + 5m, +10m, ... +35m: seven runs, the last one past the last event
        assertEquals(7, t.runs());
        assertEquals(4, out.size(), "each row once although the 10m period overlaps two windows");
        assertEquals(4, t.alerts());
    }
}
