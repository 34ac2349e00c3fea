package dev.hookline.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a loaded host an expected alert can come after the settle time (a file row waits for its writer's exec
 * records): the runner waits for the alert itself, up to a generous bound, and a scenario expecting nothing still
 * waits the settle time and no longer.
 */
class ExpectedAlertsAreWaitedForNotASettleTimeTest {
    @TempDir
    Path dir;

    private static Scenario scenario(List<Expectation> expected) {
        return new Scenario() {
            public String name() {
                return "s";
            }

            public Kind kind() {
                return expected.isEmpty() ? Kind.BENIGN : Kind.ATTACK;
            }

            public String origin() {
                return "test";
            }

            public String description() {
                return "test";
            }

            public List<Expectation> expectations() {
                return expected;
            }

            public List<String> programs() {
                return List.of();
            }

            public void run(Path workDir, Duration timeout) {
            }
        };
    }

    @Test
    void anAlertLaterThanTheSettleTimeIsWaitedForAndEndsTheWait() throws Exception {
        Path work = Files.createDirectories(dir.resolve("s.d"));
        Path alerts = dir.resolve("alerts.jsonl");
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(600);
                Files.writeString(alerts, "{\"RuleId\":\"r\",\"Arm\":\"A\",\"DetectedAt\":\"2026-12-08T00:00:00Z\","
                        + "\"Row\":{\"FolderPath\":\"" + work + "/x\"}}\n");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        late.start();
        long t0 = System.nanoTime();
        ScenarioRunner.awaitExpected(scenario(List.of(Expectation.caught("r", "A"))), work, alerts,
                Map.of("r", Set.of("A")), Duration.ofMillis(100), Duration.ofSeconds(30), () -> { });
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        late.join();
        assertTrue(ms >= 550 && ms < 10_000, ms + " ms: the wait must outlast the 100 ms settle and end at the alert");
        assertEquals(1, Files.readAllLines(alerts).size());
    }

    @Test
    void aScenarioExpectingNothingWaitsTheSettleTimeNotTheBound() {
        long t0 = System.nanoTime();
        ScenarioRunner.awaitExpected(scenario(List.of()), dir, dir.resolve("none.jsonl"), Map.of(),
                Duration.ofMillis(200), Duration.ofSeconds(30), () -> { });
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertTrue(ms >= 190 && ms < 10_000, ms + " ms");
    }

    @Test
    void theBoundIsNeverShorterThanTheSettleTime() {
        ScenarioRunner.Options o = new ScenarioRunner.Options(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(90),
                null, List.of(), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(90), o.expectedWithin());
        assertEquals(ScenarioRunner.Options.EXPECTED_WITHIN, new ScenarioRunner.Options(List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(3), null).expectedWithin());
    }
}
