package dev.hookline.bench;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.ResultTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import dev.hookline.store.EventStore;
import dev.hookline.store.StoreReader;
import dev.hookline.store.StoreSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The event store's figures (scripts/bench-store): writes N synthetic process events as a build runner produces
 * them (each with its own pid, times, and a command line with a varying part) through EventStore.offer, then scans
 * them with {@code DeviceProcessEvents | summarize count() by FileName}. Prints the CPU time per event of the
 * offering thread and of the store's writer thread, bytes per event on disk (and as JSON, for comparison), and
 * the scan's CPU time per event.
 *
 * <p>Usage: StoreBench [events] [zstd level] [dir]
 */
public final class StoreBench {
    private static final String[][] PROCS = {
        {"/usr/bin/gcc", "gcc -O2 -fPIC -c src/mod%d.c -o build/mod%d.o", "/usr/bin/make", "make -j2"},
        {"/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet src/mod%d.c -o /tmp/cc%s.s",
            "/usr/bin/gcc", "gcc -O2 -fPIC -c src/mod.c"},
        {"/usr/bin/git", "git cat-file -p %s", "/usr/bin/node", "node /usr/lib/node_modules/npm/bin/npm-cli.js ci"},
        {"/usr/bin/node", "node /usr/lib/node_modules/npm/bin/npm-cli.js install pkg-%d@1.%s", "/usr/bin/bash", "bash -e"},
        {"/usr/bin/python3.11", "/usr/bin/python3 -m pip install dep%d==%s", "/usr/bin/bash", "bash -e"},
        {"/usr/bin/sh", "sh -c cd /tmp/tmp.%s && make -C sub%d", "/usr/bin/make", "make -j2"},
        {"/usr/bin/ls", "ls -la /home/runner/work/app/%s/%d", "/usr/bin/bash", "bash -e"},
        {"/usr/bin/sed", "sed -i s/VERSION/1.%d.%s/ package.json", "/usr/bin/dash", "sh -c ./version.sh"},
    };

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int level = args.length > 1 ? Integer.parseInt(args[1]) : StoreSettings.DEFAULT_LEVEL;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("hookline-store-bench");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Event[] pool = new Event[4096];
        SplittableRandom r = new SplittableRandom(42);
        long t0 = Times.parse("2026-12-07T08:00:00Z");
        for (int i = 0; i < pool.length; i++) {
            pool[i] = event(r, i, t0);
        }
        long jsonBytes = 0;
        StringBuilder jsonBlock = new StringBuilder();
        for (Event e : pool) {
            String line = EventJsonWriter.toJson(e);
            jsonBytes += line.length() + 1;
            jsonBlock.append(line).append('\n');
        }
        jsonAlternative(jsonBlock.toString(), pool.length, mx);
        System.out.printf("writing %,d process events to %s (zstd level %d)%n", n, dir, level);
        StoreSettings settings = StoreSettings.of(dir, Long.MAX_VALUE / 4, Long.MAX_VALUE).withLevel(level)
                .withClock(() -> t0);
        long wall0 = System.nanoTime();
        long cpuOffer = 0;
        long offerNanos = 0;
        long retries = 0;
        long writerCpu;
        Map<String, Long> c;
        try (EventStore store = EventStore.open(settings, (k, m) -> { })) {
            Thread writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("hookline-store"))
                    .findFirst().orElseThrow();
            long main0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                Event e = pool[i & (pool.length - 1)];
                // 1000 exec/s of event time: 1 M events span about 17 minutes
                e.set(Columns.TIMESTAMP, t0 + i * 1_000_000L);
                e.set(Columns.REPORT_ID, i);
                long o0 = System.nanoTime();
                boolean ok = store.offer(e, i);
                offerNanos += System.nanoTime() - o0;
                while (!ok) {
                    // The bench waits for the writer (each failed offer is counted as a drop, then retried); the
                    // agent would drop the event.
                    retries++;
                    LockSupport.parkNanos(200_000);
                    o0 = System.nanoTime();
                    ok = store.offer(e, i);
                    offerNanos += System.nanoTime() - o0;
                }
            }
            cpuOffer = mx.getCurrentThreadCpuTime() - main0;
            store.flush(600_000);
            writerCpu = mx.getThreadCpuTime(writer.getId());
            c = store.counters();
        }
        double wallS = (System.nanoTime() - wall0) / 1e9;
        long bytes = c.get("store_bytes");
        System.out.printf("write: %.1f s wall; offer %.0f ns per event (wall, timed around each call: the rule "
                + "thread's share); CPU per event: writer thread %.2f us, offering thread %.2f us (with the bench's "
                + "loop and %d waits for the writer)%n", wallS, (double) offerNanos / n, writerCpu / 1e3 / n,
                cpuOffer / 1e3 / n, retries);
        System.out.printf("disk: %,d bytes in %d segments, %d blocks: %.1f bytes per event (JSON lines: %.0f bytes "
                + "per event, %.1fx)%n", bytes, c.get("store_segments"), c.get("store_blocks_written"), (double) bytes / n,
                (double) jsonBytes / pool.length, (double) jsonBytes / pool.length / ((double) bytes / n));
        if (c.get("store_events_written") != n) {
            throw new IllegalStateException("written " + c.get("store_events_written") + " of " + n);
        }
        String q = "DeviceProcessEvents | summarize count() by FileName";
        for (int round = 1; round <= 3; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            StoreReader reader = new StoreReader(dir);
            ResultTable t = Kql.compile(q).run(reader, t0);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long total = t.rows().stream().mapToLong(row -> ((Number) row[1]).longValue()).sum();
            if (total != n) {
                throw new IllegalStateException("scan counted " + total + " of " + n);
            }
            System.out.printf("scan %d (%s): %.2f s wall, %.2f us CPU per event (%.1f M events/CPU-s), %d groups%n",
                    round, q, (System.nanoTime() - w0) / 1e9, cpu / 1e3 / n, n / (cpu / 1e9) / 1e6, t.rows().size());
        }
        for (int round = 1; round <= 2; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long[] seen = {0};
            new StoreReader(dir).scan(Table.DeviceProcessEvents, e -> seen[0]++);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("decode only %d (StoreReader.scan, no query): %.2f us CPU per event%n", round,
                    cpu / 1e3 / seen[0]);
        }
        long onehour0 = System.nanoTime();
        long cpu1 = mx.getCurrentThreadCpuTime();
        long[] inRange = {0};
        new StoreReader(dir).range(t0 + 600_000_000_000L, t0 + 660_000_000_000L)
                .scan(Table.DeviceProcessEvents, e -> inRange[0]++);
        System.out.printf("range scan of one minute (%,d events): %.1f ms wall, %.1f ms CPU%n", inRange[0],
                (System.nanoTime() - onehour0) / 1e6, (mx.getCurrentThreadCpuTime() - cpu1) / 1e6);
        if (args.length <= 2) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The alternative the store did not take: JSON lines (EventJsonWriter) compressed with the same zstd level, per
     * event on disk, and the CPU to read them back (EventJsonReader) against the binary form's decode.
     */
    private static void jsonAlternative(String lines, int n, ThreadMXBean mx) throws Exception {
        byte[] raw = lines.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] z = com.github.luben.zstd.Zstd.compress(raw, StoreSettings.DEFAULT_LEVEL);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            byte[] back = com.github.luben.zstd.Zstd.decompress(z, raw.length);
            new dev.hookline.io.EventJsonReader(new dev.hookline.io.BadLines("bench")).read(new java.io.BufferedReader(
                    new java.io.StringReader(new String(back, java.nio.charset.StandardCharsets.UTF_8))), e -> { });
            best = Math.min(best, mx.getCurrentThreadCpuTime() - cpu0);
        }
        System.out.printf("JSON lines + zstd %d instead (not used): %.1f bytes per event; decompress and parse back "
                + "%.2f us CPU per event (best of 5)%n", StoreSettings.DEFAULT_LEVEL, (double) z.length / n, best / 1e3 / n);
    }

    private static Event event(SplittableRandom r, int i, long t0) {
        String[] p = PROCS[r.nextInt(PROCS.length)];
        String var = Long.toHexString(r.nextLong()) + (r.nextBoolean() ? Long.toHexString(r.nextLong()) : "");
        int num = r.nextInt(500);
        String cmd = p[1].replace("%d", Integer.toString(num)).replace("%s", var);
        long pid = 10_000 + i * 3L + r.nextInt(3);
        long ppid = pid - 1 - r.nextInt(40);
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.TIMESTAMP, t0);
        e.set(Columns.DEVICE_ID, "b1c4a0f2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8");
        e.set(Columns.DEVICE_NAME, "runner-07.build.example");
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, p[0].substring(p[0].lastIndexOf('/') + 1));
        e.set(Columns.FOLDER_PATH, p[0]);
        e.set(Columns.PROCESS_ID, pid);
        e.set(Columns.PROCESS_COMMAND_LINE, cmd);
        e.set(Columns.PROCESS_CREATION_TIME, t0 + r.nextInt(1_000_000));
        e.set(Columns.ACCOUNT_NAME, "runner");
        e.set(Columns.ACCOUNT_DOMAIN, "runner-07");
        e.set(Columns.ACCOUNT_SID, "1001");
        e.set(Columns.INITIATING_PROCESS_ID, ppid);
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, p[2].substring(p[2].lastIndexOf('/') + 1));
        e.set(Columns.INITIATING_PROCESS_FOLDER_PATH, p[2]);
        e.set(Columns.INITIATING_PROCESS_COMMAND_LINE, p[3]);
        e.set(Columns.INITIATING_PROCESS_CREATION_TIME, t0 - r.nextInt(1_000_000_000));
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_NAME, "runner");
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_DOMAIN, "runner-07");
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_SID, "1001");
        e.set(Columns.INITIATING_PROCESS_PARENT_ID, ppid - 1 - r.nextInt(100));
        e.set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, r.nextBoolean() ? "bash" : "runner.Worker");
        e.set(Columns.INITIATING_PROCESS_PARENT_CREATION_TIME, t0 - 60_000_000_000L - r.nextInt(1_000_000_000));
        e.set(Columns.REPORT_ID, i);
        return e;
    }
}
