package dev.hookline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerRunsRulesOnABoundedPoolWithTheirOwnRowBudgetsTest {
    private static final long SEC = 1_000_000_000L;

    /** A Hookline rule that cannot stream, run every second: one row per distinct DeviceName of the last hour. */
    private static ScheduledRule perDevice(String id) throws RuleException {
        String yaml = "id: " + id + "\ntitle: devices\nquery: |\n  DeviceProcessEvents | summarize n = count() by"
                + " DeviceName\nschedule:\n  frequency: 1s\n  period: 1h\n";
        var rule = new RuleLoader().parse("test:" + id + ".yaml", yaml, id + ".yaml");
        return new Detector(List.of(rule), Tuning.NONE, a -> { }).scheduled().get(0);
    }

    private static EventList devices(int n) {
        EventLines e = new EventLines();
        long now = Times.nowNanos();
        for (int i = 0; i < n; i++) {
            e.add("DeviceProcessEvents", now - 60 * SEC + i, "FileName", "sh", "DeviceName", "host" + i);
        }
        return e.list();
    }

    @Test
    void twoIndependentRulesRunAtTheSameTimeOnTwoThreads() throws Exception {
        EventList events = devices(3);
        CountDownLatch bothInside = new CountDownLatch(2);
        Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
        // each run waits (at most 10 s) until another run is inside a window too: on one thread that never happens
        Windows windows = (from, to) -> {
            bothInside.countDown();
            try {
                sawTheOther.put(Thread.currentThread().getName(), bothInside.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new WindowSource(events, from, to);
        };
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (Scheduler s = new Scheduler(List.of(perDevice("a"), perDevice("b")), KqlOptions.DEFAULT,
                RowBudgets.DEFAULT, 2, windows, a -> { }, (r, e) -> failures.add(e))) {
            s.start();
            assertTrue(bothInside.await(10, TimeUnit.SECONDS), "the second rule never ran beside the first");
            long deadline = System.nanoTime() + 10 * SEC;
            while (sawTheOther.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2L, s.counters().get("scheduled_threads"));
        }
        assertTrue(sawTheOther.size() >= 2 && sawTheOther.values().stream().allMatch(b -> b), sawTheOther.toString());
        assertEquals(List.of(), failures);
    }

    @Test
    void aPoolNeverHasMoreThreadsThanRules() throws Exception {
        try (Scheduler s = new Scheduler(List.of(perDevice("only")), KqlOptions.DEFAULT, RowBudgets.DEFAULT, 4,
                (from, to) -> devices(1), a -> { }, (r, e) -> { })) {
            assertEquals(1L, s.counters().get("scheduled_threads"));
        }
    }

    @Test
    void aRuleWithItsOwnSmallBudgetFailsItsRunWhileTheOthersKeepTheGlobalOne() throws Exception {
        EventList events = devices(5);
        Windows windows = (from, to) -> new WindowSource(events, from, to);
        RowBudgets budgets = new RowBudgets(100, Map.of("small", 2L));
        ScheduledRule small = perDevice("small");
        ScheduledRule big = perDevice("big");
        assertEquals(2, budgets.of(small));
        assertEquals(100, budgets.of(big));
        long now = Times.nowNanos();
        RuleRunner smallRunner = new RuleRunner(small, budgets.options(KqlOptions.DEFAULT, small));
        RuleRunner bigRunner = new RuleRunner(big, budgets.options(KqlOptions.DEFAULT, big));
        assertEquals(List.of(), smallRunner.run(windows, now));
        assertTrue(smallRunner.last().error().contains("row budget"), smallRunner.last().error());
        assertEquals(5, bigRunner.run(windows, now).size());
        assertNull(bigRunner.last().error());

        AtomicInteger failed = new AtomicInteger();
        try (Scheduler s = new Scheduler(List.of(small, big), KqlOptions.DEFAULT, budgets, 2, windows, a -> { },
                (r, e) -> failed.incrementAndGet())) {
            s.start();
            long deadline = System.nanoTime() + 10 * SEC;
            while ((s.counters().get("scheduled_run_failures") < 1 || s.counters().get("scheduled_alerts") < 5)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(s.status().get("scheduled.small").contains("row budget"), s.status().toString());
            assertEquals(5L, s.counters().get("scheduled_alerts"), s.counters().toString());
        }
        assertTrue(failed.get() >= 1);
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RowBudgets(0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new RowBudgets(10, Map.of("r", 0L)));
    }
}
