package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * The portable side of `hookline scenarios`: bad options are usage errors, and without a platform suite on the
 * class path (the agent module alone) `run` refuses with exit 4 and says why, `list` says there is nothing.
 */
class ScenariosCommandTest {
    @Test
    void badFormatIsAUsageError() {
        CliCommandsTest.Result r = CliCommandsTest.run("scenarios", "run", "--format", "xml");
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--format must be table or json"), r.err());
    }

    @Test
    void withoutAPlatformSuiteRunRefusesAndListSaysSo() {
        CliCommandsTest.Result run = CliCommandsTest.run("scenarios", "run");
        assertEquals(ScenarioRunner.EXIT_CANNOT_RUN, run.code(), run.err());
        assertTrue(run.err().contains("no scenarios for this OS"), run.err());
        CliCommandsTest.Result list = CliCommandsTest.run("scenarios", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("no scenarios for this OS"), list.out());
    }
}
