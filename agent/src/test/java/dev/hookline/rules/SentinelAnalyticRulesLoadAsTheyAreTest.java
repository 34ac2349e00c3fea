package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schedule.SentinelCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SentinelAnalyticRulesLoadAsTheyAreTest {
    private final RuleLoader loader = new RuleLoader();
    private static final String BASE = "id: 0f0e0d0c-0000-4000-8000-000000000001\nname: Shells\n"
            + "description: |\n  'Counts shells.'\nseverity: Low\nqueryFrequency: 30m\nqueryPeriod: 2h\n"
            + "triggerOperator: gt\ntriggerThreshold: 3\ntactics:\n  - Execution\nrelevantTechniques:\n"
            + "  - T1059\n  - T1059.001\nquery: |\n  DeviceProcessEvents\n  | where FileName == 'sh'\n";

    private Rule parse(String yaml) throws RuleException {
        return loader.parse("test:r.yaml", yaml, "r.yaml");
    }

    @Test
    void metadataScheduleAndTriggerAreMapped() throws RuleException {
        Rule r = parse(BASE + "kind: Scheduled\n");
        assertEquals("0f0e0d0c-0000-4000-8000-000000000001", r.id());
        assertEquals("Shells", r.meta().title());
        assertEquals("Counts shells.", r.meta().description());
        assertEquals("low", r.meta().severity());
        assertEquals(List.of("Execution"), r.meta().tactics());
        assertEquals(List.of("T1059", "T1059.001"), r.meta().mitreIds());
        Schedule s = r.schedule();
        assertTrue(s.sentinel());
        assertEquals(30 * 60_000_000_000L, s.frequencyNanos());
        assertEquals(2 * 3_600_000_000_000L, s.periodNanos());
        assertEquals(Trigger.GT, s.trigger());
        assertEquals(3, s.threshold());
        assertTrue(s.alertPerResult(), "Sentinel's default: an alert per result");
        assertEquals("every 30m over 2h, alerts when rows gt 3", s.describe());
        assertEquals(List.of(), r.notices());
    }

    @Test
    void iso8601DurationsAsInArmTemplatesLoadToo() throws RuleException {
        Rule r = parse(BASE.replace("30m", "PT30M").replace("2h", "P1D"));
        assertEquals("every 30m over 1d, alerts when rows gt 3", r.schedule().describe());
    }

    @Test
    void fieldsTheHostDoesNotHonourAreNamedInANotice() throws RuleException {
        Rule r = parse(BASE + "customDetails:\n  Cmd: ProcessCommandLine\nincidentConfiguration:\n"
                + "  createIncident: true\ntags:\n  - x\nversion: 1.0.0\n");
        assertEquals(List.of("Sentinel field 'customDetails' is not supported on the host and has no effect",
                "Sentinel field 'incidentConfiguration' is not supported on the host and has no effect"), r.notices());
    }

    @Test
    void kindsThatOnlyRunInTheCloudAreRefusedWithTheReason() {
        for (String[] k : new String[][] {{"NRT", "near-real-time"}, {"Fusion", "Fusion correlates"},
                {"MLBehaviorAnalytics", "machine-learning"}, {"MicrosoftSecurityIncidentCreation", "no query"},
                {"Anomaly", "anomaly models"}, {"Whatever", "only kind: Scheduled"}}) {
            RuleException e = assertThrows(RuleException.class, () -> parse(BASE + "kind: " + k[0] + "\n"));
            assertTrue(e.getMessage().startsWith("test:r.yaml: a Sentinel rule of kind " + k[0]
                    + " cannot run on the host: ") && e.getMessage().contains(k[1]), e.getMessage());
        }
    }

    @Test
    void badScheduleValuesAreClearErrors() {
        RuleException e = assertThrows(RuleException.class, () -> parse(BASE.replace("30m", "soon")));
        assertEquals("test:r.yaml: queryFrequency: \"soon\" is not a duration (e.g. 5m, 1h, 1d or PT5M)", e.getMessage());
        e = assertThrows(RuleException.class, () -> parse(BASE.replace("triggerOperator: gt", "triggerOperator: ge")));
        assertEquals("test:r.yaml: triggerOperator \"ge\" is not one of gt, lt, eq, ne", e.getMessage());
        e = assertThrows(RuleException.class, () -> parse(BASE + "suppressionEnabled: true\n"));
        assertTrue(e.getMessage().contains("suppressionEnabled needs a suppressionDuration"), e.getMessage());
        e = assertThrows(RuleException.class, () -> parse(BASE.replace("FileName == 'sh'", "NoSuchColumn == 1")));
        assertTrue(e.getMessage().startsWith("test:r.yaml: query "), e.getMessage());
    }

    @Test
    void aHooklineRuleThatCannotStreamTakesTheDefaultScheduleOrItsOwn() throws RuleException {
        String yaml = "id: many-shells\ntitle: Many shells\nquery: |\n  DeviceProcessEvents | summarize n = count()"
                + " by DeviceName | where n > 10\n";
        assertEquals("every 5m over 1h, alerts when rows gt 0", parse(yaml).schedule().describe());
        Rule own = parse(yaml + "schedule:\n  frequency: 1m\n  period: 15m\n  trigger_operator: eq\n"
                + "  trigger_threshold: 2\n");
        assertEquals("every 1m over 15m, alerts when rows eq 2", own.schedule().describe());
        assertFalse(own.schedule().sentinel());
        RuleException e = assertThrows(RuleException.class, () -> parse(yaml + "schedule:\n  frequency: often\n"));
        assertTrue(e.getMessage().contains("schedule: \"often\" is not a duration"), e.getMessage());
    }

    @Test
    void everyRuleOfTheCorpusLoadsAsAScheduledRuleExceptThoseWhoseQueriesAreWrong() throws Exception {
        Path dir = SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> failed = new ArrayList<>();
        int loaded = 0;
        for (Path f : files) {
            try {
                Rule r = loader.load(f).get(0);
                assertTrue(r.schedule().sentinel(), f.toString());
                assertEquals(1, new Detector(List.of(r), Tuning.NONE, a -> { }).scheduled().size());
                loaded++;
            } catch (RuleException e) {
                String name = f.getFileName().toString();
                failed.add(name.substring(name.lastIndexOf("__") + 2) + ": "
                        + e.getMessage().substring(e.getMessage().indexOf(".yaml: ") + 7));
            }
        }
        // Three published queries use DeviceName after summarize/project dropped it (Kusto rejects them too). A bool
        // compared with 0 (AccountCreation) loads: Kusto compares a bool with a number as 0/1.
        assertEquals(List.of(
                "LaZagneCredTheft.yaml: query line 5, column 25: column 'DeviceName' is not in the input here"
                        + " (projected away?) (file line 24)",
                "LogDeletionUsingWevtutil.yaml: query line 6, column 25: column 'DeviceName' is not in the input here"
                        + " (an operator before this point, such as summarize or project, did not keep it) (file line 25)",
                "QakbotDiscoveryActivities.yaml: query line 11, column 25: column 'DeviceName' is not in the input"
                        + " here (an operator before this point, such as summarize or project, did not keep it)"
                        + " (file line 38)"), failed);
        assertEquals(files.size() - 3, loaded);
    }

    @Test
    void aFieldMappingWithATypoCostsThatFieldNotTheRule() throws Exception {
        Path f = SentinelCorpus.rule("Solutions__Microsoft Defender XDR__Analytic Rules__Campaign__Sysrv-botnet__"
                + "MaliciousCMDExecutionByJava.yaml");
        Rule r = loader.load(f).get(0);
        assertTrue(r.notices().stream().anyMatch(n -> n.startsWith("entityMappings: a field mapping of Host without"
                + " identifier")), r.notices().toString());
        assertEquals(List.of("HostName", "DnsDomain"),
                r.schedule().entities().get(0).fields().stream().map(EntityMapping.Field::identifier).toList());
    }
}
