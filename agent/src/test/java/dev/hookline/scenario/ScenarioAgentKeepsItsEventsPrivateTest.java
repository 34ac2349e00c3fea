package dev.hookline.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios' agent stores its events in its own temp dir: with the host's store, a scheduled rule's day-long
 * query met the previous run's rows (a Sentinel rule fired on them during the first scenario and the build-process
 * scenario's own alert was then missed at load), and a running agent's history got the scenarios' events.
 */
class ScenarioAgentKeepsItsEventsPrivateTest {
    @Test
    void theEventStoreIsInTheRunsTempDir(@TempDir Path tmp) throws Exception {
        AgentConfig c = ScenarioRunner.config(tmp, tmp.resolve("tuning.yaml"), List.of());
        assertTrue(c.store().enabled(), "scheduled rules read the store");
        assertEquals(tmp.resolve("store"), c.store().path());
    }
}
