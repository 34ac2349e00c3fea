package dev.hookline.linux.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.scenario.Expectation;
import dev.hookline.scenario.Scenario;
import dev.hookline.scenario.ScenarioRunner;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Without root: the Linux suite is found through ServiceLoader, its names are unique and usable with --only, and
 * every expectation that is not pending names a rule and arm the built-in packs really have (a renamed rule or arm
 * fails here, not as a silent "not loaded" in the matrix).
 */
class LinuxSuiteExpectationsNameLoadedRulesTest {
    @Test
    void everyNonPendingExpectationNamesALoadedRuleAndArm() throws Exception {
        List<Scenario> all = ScenarioRunner.scenarios();
        assertTrue(all.size() >= 15, "the Linux suite is on the class path: " + all.size());
        Map<String, Set<String>> loaded = ScenarioRunner.loadedArms();
        Set<String> names = new HashSet<>();
        for (Scenario s : all) {
            assertTrue(names.add(s.name()), "duplicate scenario " + s.name());
            assertTrue(s.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), s.name());
            assertFalse(s.programs().isEmpty(), s.name());
            assertEquals(s.kind() == Scenario.Kind.BENIGN, s.expectations().isEmpty(), s.name());
            for (Expectation e : s.expectations()) {
                if (e.pending()) {
                    assertNotNull(e.note(), s.name());
                    continue;
                }
                Set<String> arms = loaded.get(e.ruleId());
                assertNotNull(arms, s.name() + ": rule " + e.ruleId() + " is not a built-in rule");
                assertTrue(e.arm() == null || arms.contains(e.arm()), s.name() + ": " + e.cell() + " not in " + arms);
                assertTrue(e.caught() || e.note() != null, s.name() + ": a documented miss says why: " + e.cell());
            }
        }
        assertTrue(all.stream().filter(s -> s.kind() == Scenario.Kind.BENIGN).count() >= 3, "benign controls");
    }
}
