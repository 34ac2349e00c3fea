package dev.hookline.linux.fanotify;

import dev.hookline.collector.CollectorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sustained file-event throughput, not a unit test. Shell writers create (and write) files as fast as they can,
 * then delete them, while the collector turns each into a row (FileCreated, FileDeleted); prints rows/s, kernel
 * events/s and overflows. Run from collectors-linux after test-compile:
 * {@code java -cp target/classes:target/test-classes:<deps> dev.hookline.linux.fanotify.FileEventBench [files per writer] [writers]}
 */
public final class FileEventBench {
    private FileEventBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench").toAbsolutePath()), "b");
        TestContext ctx = new TestContext(Map.of("quiet_period_ms", 500));
        ctx.countOnly = true;
        FanotifyCollector c = new FanotifyCollector(ctx);
        try {
            c.start();
        } catch (CollectorException e) {
            System.out.println("fanotify unavailable: " + e.getMessage());
            return;
        }
        try {
            System.out.println("mode " + c.mode() + ", marked " + c.markedMounts());
            phase(c, ctx, dir, writers, files, "create+write",
                    "i=0; while [ $i -lt " + files + " ]; do echo x > f$i; i=$((i+1)); done");
            phase(c, ctx, dir, writers, files, "delete", "rm -f f*");
            System.out.println("counters " + c.counters());
        } finally {
            c.close();
        }
    }

    private static void phase(FanotifyCollector c, TestContext ctx, Path dir, int writers, int files, String what,
                              String script) throws Exception {
        long rows0 = ctx.count;
        long events0 = c.counters().get("events");
        long over0 = c.counters().get("overflows");
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ps.add(Shell.start(Files.createDirectories(dir.resolve("w" + w)), script));
        }
        for (Process p : ps) {
            p.waitFor();
        }
        long want = rows0 + (long) files * writers;
        long last = -1;
        long stable = System.nanoTime();
        while (ctx.count < want && System.nanoTime() - stable < 3_000_000_000L) {
            if (ctx.count != last) {
                last = ctx.count;
                stable = System.nanoTime();
            }
            Thread.sleep(5);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long rows = ctx.count - rows0;
        long events = c.counters().get("events") - events0;
        System.out.printf("%s: %d rows in %.2f s = %.0f rows/s; %d kernel events = %.0f events/s; overflows %d%n",
                what, rows, s, rows / s, events, events / s, c.counters().get("overflows") - over0);
    }
}
