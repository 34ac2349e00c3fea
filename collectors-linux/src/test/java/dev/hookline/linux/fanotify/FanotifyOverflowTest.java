package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.CollectorException;
import dev.hookline.schema.Columns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** More events than the kernel queue holds while the reader is paused: counted, alerted, and the collector goes on. */
class FanotifyOverflowTest {
    private static boolean alerted(TestContext ctx) {
        synchronized (ctx.alerts) {
            return ctx.alerts.stream().anyMatch(a -> a.startsWith("FanotifyQueueOverflow"));
        }
    }

    @Test
    void queueOverflowIsCountedAlertedAndSurvived() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "fanotify-overflow").toAbsolutePath());
        Path burst = Files.createTempDirectory(dir, "burst");
        TestContext ctx = new TestContext(Map.of("quiet_period_ms", 200));
        FanotifyCollector c = new FanotifyCollector(ctx);
        try {
            c.start();
        } catch (CollectorException e) {
            Assumptions.assumeTrue(false, "fanotify unavailable on this OS: " + e.getMessage());
        }
        try {
            long queue = Long.parseLong(Files.readString(Path.of("/proc/sys/fs/fanotify/max_queued_events")).trim());
            c.pauseReading(true);
            Thread.sleep(200); // let the reader finish its current batch
            int files = (int) Math.max(20_000, queue * 2); // two events per file: four times the queue
            for (int i = 0; i < files; i++) {
                Path f = burst.resolve("f" + i);
                Files.createFile(f);
                Files.delete(f);
            }
            c.pauseReading(false);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!alerted(ctx) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Map<String, Long> counters = c.counters();
            System.out.println("after overflow: " + counters + " " + ctx.alerts);
            assertTrue(counters.get("overflows") >= 1, counters.toString());
            assertTrue(alerted(ctx), ctx.alerts.toString());
            Shell.run(burst, "echo after > after-overflow.txt");
            String want = burst.resolve("after-overflow.txt").toString();
            ctx.await(e -> "FileCreated".equals(e.getString(Columns.ACTION_TYPE)) && want.equals(e.getString(Columns.FOLDER_PATH)));
        } finally {
            c.close();
        }
    }
}
