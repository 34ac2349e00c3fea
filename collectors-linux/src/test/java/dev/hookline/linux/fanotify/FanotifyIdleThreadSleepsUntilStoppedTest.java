package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.CollectorException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With nothing held, the fanotify thread polls without a timeout: only a file event or close()'s signal wakes it.
 * close() must still end it at once; a lost signal would leave the thread in poll and close() in its 5 s join.
 */
class FanotifyIdleThreadSleepsUntilStoppedTest {
    @Test
    void closeEndsTheIdleThreadAtOnce() throws Exception {
        FanotifyCollector c = new FanotifyCollector(new TestContext(Map.of("exclude_paths", List.of("/proc", "/sys"))));
        try {
            c.start();
        } catch (CollectorException e) {
            Assumptions.assumeTrue(false, "fanotify unavailable on this OS: " + e.getMessage());
        }
        Thread.sleep(700); // idle past the old 500 ms poll
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hookline-fanotify")).findFirst().orElse(null);
        assertNotNull(thread, "the collector thread runs");
        long start = System.nanoTime();
        c.close();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2000, "close took " + ms + " ms");
        thread.join(1000);
        assertFalse(thread.isAlive(), "the thread ended");
    }
}
