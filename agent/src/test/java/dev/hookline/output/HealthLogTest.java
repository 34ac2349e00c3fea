package dev.hookline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HealthLogTest {
    @Test
    void logsOneLineOfCountersInTheSuppliersOrder() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("records_received", 12L);
        m.put("ring_overruns", 0L);
        m.put("alerts", 3L);
        HealthLog log = new HealthLog(() -> m, Duration.ofSeconds(60), s -> { });
        assertTrue(log.line().matches("hookline health uptime_s=\\d+ records_received=12 ring_overruns=0 alerts=3"),
                log.line());
    }

    @Test
    void uptimeAppearsOnceWhenTheCountersCarryItToo() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("uptime_s", 420L);
        m.put("alerts", 3L);
        HealthLog log = new HealthLog(() -> m, Duration.ofSeconds(60), s -> { });
        assertTrue(log.line().matches("hookline health uptime_s=\\d+ alerts=3"), log.line());
    }

    @Test
    void logsPeriodicallyAndSurvivesAFailingSupplier() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int[] calls = new int[1];
        HealthLog log = new HealthLog(() -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("collector gone");
            }
            return Map.of("alerts", 1L);
        }, Duration.ofMillis(20), lines::add);
        log.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lines.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        log.close();
        assertTrue(lines.size() >= 3, "ticks: " + lines);
        assertTrue(lines.get(0).startsWith("hookline health unavailable"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" alerts=1"), lines.get(1));
        int after = lines.size();
        Thread.sleep(100);
        assertEquals(after, lines.size(), "no lines after close");
    }
}
