package dev.hookline.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runner's judgement, without a kernel: expectations against attributed alerts and the loaded rules give
 * caught / missed / documented miss / pending / not loaded / also fired / quiet / false positive, with the latency
 * from the triggering event's Timestamp to DetectedAt.
 */
class MatrixJudgesEachCellTest {
    private static final Map<String, Set<String>> LOADED = Map.of(
            "r.seed", Set.of("HookChild", "Egress"),
            "r.pack", Set.of("Tool"));

    private record S(String name, Kind kind, List<Expectation> expectations) implements Scenario {
        @Override
        public String origin() {
            return "test";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<String> programs() {
            return List.of();
        }

        @Override
        public void run(Path workDir, Duration timeout) {
        }
    }

    private static ScenarioAlert alert(String rule, String arm, String eventTime, String detectedAt) {
        String line = "{\"AlertId\":\"x\",\"Timestamp\":\"" + eventTime + "\",\"DetectedAt\":\"" + detectedAt
                + "\",\"RuleId\":\"" + rule + "\",\"Arm\":\"" + arm + "\",\"Event\":{\"ProcessCommandLine\":"
                + "\"npm install /tmp/x/s.d/pkg\"}}";
        ScenarioAlert a = ScenarioAlert.parse(line);
        assertTrue(a != null, line);
        return a;
    }

    private static Outcome outcome(List<Cell> cells, String rule, String arm) {
        return cells.stream().filter(c -> c.ruleId().equals(rule) && java.util.Objects.equals(c.arm(), arm))
                .findFirst().orElseThrow(() -> new AssertionError(rule + "/" + arm + " not in " + cells)).outcome();
    }

    @Test
    void attackCellsSayCaughtMissedDocumentedPendingNotLoadedAndAlsoFired() {
        Scenario s = new S("s", Scenario.Kind.ATTACK, List.of(
                Expectation.caught("r.seed", "HookChild"),
                Expectation.caught("r.pack", null),
                Expectation.missedByDesign("r.seed", "Egress", "loopback"),
                Expectation.pending("r.future", null, "other branch"),
                Expectation.caught("r.typo", null),
                Expectation.caught("r.pack", "NoSuchArm")));
        List<ScenarioAlert> alerts = List.of(
                alert("r.seed", "HookChild", "2026-12-01T10:00:00.100Z", "2026-12-01T10:00:00.112Z"),
                alert("r.seed", "HookChild", "2026-12-01T10:00:00.200Z", "2026-12-01T10:00:00.203Z"),
                alert("r.other", "Arm9", "2026-12-01T10:00:00.300Z", "2026-12-01T10:00:00.305Z"));
        List<Cell> cells = new MatrixBuilder(LOADED).cells(s, alerts);

        Cell hook = cells.get(0);
        assertEquals(Outcome.CAUGHT, hook.outcome());
        assertEquals(12, hook.latencyMillis(), "latency of the first alert: Timestamp to DetectedAt");
        assertEquals(2, hook.alerts());
        assertEquals(Outcome.MISSED, outcome(cells, "r.pack", null));
        assertEquals(Outcome.MISSED_AS_DOCUMENTED, outcome(cells, "r.seed", "Egress"));
        assertEquals(Outcome.PENDING_NOT_LOADED, outcome(cells, "r.future", null));
        assertEquals(Outcome.NOT_LOADED, outcome(cells, "r.typo", null));
        assertEquals(Outcome.NOT_LOADED, outcome(cells, "r.pack", "NoSuchArm"));
        assertEquals(Outcome.ALSO_FIRED, outcome(cells, "r.other", "Arm9"));
        assertEquals(7, cells.size(), cells.toString());

        ScenarioResult r = new ScenarioResult("s", s.kind(), "", "", ScenarioResult.Status.RAN, null, 0, cells);
        assertTrue(r.failed(), "a miss and a rule that is not loaded fail the scenario");
    }

    @Test
    void aDocumentedMissThatFiresIsShownButDoesNotFail() {
        Scenario s = new S("s", Scenario.Kind.ATTACK, List.of(Expectation.missedByDesign("r.seed", "Egress", "x"),
                Expectation.pending("r.future", null, "later")));
        List<Cell> cells = new MatrixBuilder(LOADED).cells(s, List.of(
                alert("r.seed", "Egress", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.004Z")));
        assertEquals(Outcome.FIRED_DESPITE_DOCUMENTED_MISS, cells.get(0).outcome());
        assertFalse(new ScenarioResult("s", s.kind(), "", "", ScenarioResult.Status.RAN, null, 0, cells).failed());
    }

    @Test
    void aKnownGapIsShownAsMissedWithoutFailingAndCountsAsCaughtOnceItFires() {
        Scenario s = new S("s", Scenario.Kind.ATTACK, List.of(Expectation.knownGap("r.pack", "Tool", "ordering")));
        List<Cell> missed = new MatrixBuilder(LOADED).cells(s, List.of());
        assertEquals(Outcome.MISSED_KNOWN_GAP, missed.get(0).outcome());
        assertEquals("ordering", missed.get(0).note());
        assertFalse(new ScenarioResult("s", s.kind(), "", "", ScenarioResult.Status.RAN, null, 0, missed).failed());
        List<Cell> fixed = new MatrixBuilder(LOADED).cells(s, List.of(
                alert("r.pack", "Tool", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.002Z")));
        assertEquals(Outcome.CAUGHT, fixed.get(0).outcome());
    }

    @Test
    void aPendingRuleOnceLoadedMustFire() {
        Scenario s = new S("s", Scenario.Kind.ATTACK, List.of(Expectation.pending("r.pack", "Tool", "merged now")));
        assertEquals(Outcome.MISSED, new MatrixBuilder(LOADED).cells(s, List.of()).get(0).outcome());
    }

    @Test
    void benignControlIsQuietOrAFalsePositive() {
        Scenario s = new S("b", Scenario.Kind.BENIGN, List.of());
        List<Cell> quiet = new MatrixBuilder(LOADED).cells(s, List.of());
        assertEquals(List.of(Outcome.QUIET), quiet.stream().map(Cell::outcome).toList());
        List<Cell> noisy = new MatrixBuilder(LOADED).cells(s, List.of(
                alert("r.pack", "Tool", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.001Z")));
        assertEquals(List.of(Outcome.FALSE_POSITIVE), noisy.stream().map(Cell::outcome).toList());
        assertTrue(new ScenarioResult("b", s.kind(), "", "", ScenarioResult.Status.RAN, null, 0, noisy).failed());
    }

    @Test
    void healthLinesAndTornLinesAreNotDetections() {
        String health = "{\"AlertId\":\"h\",\"AlertType\":\"AgentHealth\",\"Timestamp\":\"2026-12-01T10:00:00Z\","
                + "\"Kind\":\"AuditRecordsLost\",\"Message\":\"12 lost\"}";
        assertNull(ScenarioAlert.parse(health));
        assertEquals("AuditRecordsLost: 12 lost", ScenarioAlert.healthSummary(health));
        assertNull(ScenarioAlert.parse("{\"AlertId\":\"x\",\"RuleId\":\"r"));
        assertNull(ScenarioAlert.healthSummary("not json"));
    }

    @Test
    void onlyNamesKnownScenariosAndKeepsTheGivenOrder() throws Exception {
        List<Scenario> all = List.of(new S("a", Scenario.Kind.ATTACK, List.of()),
                new S("b", Scenario.Kind.BENIGN, List.of()));
        assertEquals(List.of("b", "a"), ScenarioRunner.select(all, List.of("b", "a")).stream().map(Scenario::name)
                .toList());
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRunner.select(all, List.of("c")));
        assertTrue(e.usage() && e.getMessage().contains("known: a, b"), e.getMessage());
    }

    @Test
    void theBuiltinTuningLoadsAndLeavesDpkgMaintainerScriptsWatched() throws Exception {
        Path f = java.nio.file.Files.createTempFile("tuning", ".yaml");
        try {
            java.nio.file.Files.writeString(f, ScenarioRunner.builtinTuning());
            var t = new dev.hookline.rules.RuleLoader().loadTuning(f);
            assertTrue(t.enables("t1195-native-build-tools"), t.toString());
            assertFalse(t.enables("t1546-dpkg-maintainer-scripts"), "would hide the dpkg attack scenarios");
            ScenarioRunner.config(f.getParent(), f, List.of()); // the runner's agent config parses
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
