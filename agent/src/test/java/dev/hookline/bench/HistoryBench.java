package dev.hookline.bench;

import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schedule.RuleRunner;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import dev.hookline.store.EventStore;
import dev.hookline.store.StoreReader;
import dev.hookline.store.StoreSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hunting and scheduled-rule figures over days of stored history (scripts/bench-history, docs/performance.md):
 *
 * <pre>
 *   HistoryBench generate DIR EVENTS HOURS   EVENTS synthetic events (9 process : 1 file) spread evenly over the
 *                                            last HOURS hours, written through EventStore as the agent does
 *   HistoryBench hunt DIR HOURS QUERY        QUERY over the store's last HOURS hours (as `query --since`)
 *   HistoryBench rule DIR RULE.yaml          one run of a scheduled rule at now over its queryPeriod
 * </pre>
 *
 * Each prints wall time, CPU time, rows, and the JVM's peak memory: the heap's peak use after GC (the pools'
 * collection usage) and the process's peak RSS (VmHWM). Run each in its own JVM with the agent's flags.
 */
public final class HistoryBench {
    private static final String[] DEVICES = new String[20];
    private static final String[] TOOLS = {"gcc", "cc1", "as", "ld", "make", "sh", "git", "node", "python3", "sed",
        "ls", "cat", "grep", "bash", "java", "cp", "mv", "rm", "tar", "curl"};
    private static final String[] BUILD = {"dotnet.exe", "MSBuild.exe", "VBCSCompiler.exe"};

    static {
        for (int i = 0; i < DEVICES.length; i++) {
            DEVICES[i] = "runner" + i + ".ci.example";
        }
    }

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "hunt" -> hunt(Path.of(args[1]), Long.parseLong(args[2]), args[3]);
            case "rule" -> rule(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("generate | hunt | rule, not " + args[0]);
        }
    }

    private static void generate(Path dir, long n, long hours) throws Exception {
        long now = Times.nowNanos();
        long span = hours * 3_600_000_000_000L;
        long from = now - span;
        SplittableRandom r = new SplittableRandom(7);
        Event p = new Event();
        p.reset(Table.DeviceProcessEvents);
        Event f = new Event();
        f.reset(Table.DeviceFileEvents);
        long wall0 = System.nanoTime();
        // no bounds: the generated history must stay whole (its oldest events are `hours` old)
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 4, Long.MAX_VALUE), null)) {
            for (long i = 0; i < n; i++) {
                long ts = from + span / n * i;
                String device = DEVICES[r.nextInt(DEVICES.length)];
                if (i % 10 == 9) {
                    f.reset(Table.DeviceFileEvents);
                    f.set(Columns.TIMESTAMP, ts);
                    f.set(Columns.DEVICE_NAME, device);
                    f.set(Columns.ACTION_TYPE, r.nextInt(3) == 0 ? "FileCreated" : "FileModified");
                    String name = r.nextInt(5) == 0 ? "File" + r.nextInt(5000) + ".cs" : "obj" + r.nextInt(100000) + ".o";
                    f.set(Columns.FILE_NAME, name);
                    f.set(Columns.FOLDER_PATH, "/home/runner/work/app/src/" + name);
                    f.set(Columns.INITIATING_PROCESS_FILE_NAME, TOOLS[r.nextInt(TOOLS.length)]);
                    f.set(Columns.INITIATING_PROCESS_ACCOUNT_NAME, "runner");
                    f.set(Columns.REPORT_ID, i);
                    store.put(f, i);
                } else {
                    p.reset(Table.DeviceProcessEvents);
                    p.set(Columns.TIMESTAMP, ts);
                    p.set(Columns.DEVICE_NAME, device);
                    p.set(Columns.ACTION_TYPE, "ProcessCreated");
                    String tool = r.nextInt(100) == 0 ? BUILD[r.nextInt(BUILD.length)] : TOOLS[r.nextInt(TOOLS.length)];
                    p.set(Columns.FILE_NAME, tool);
                    p.set(Columns.FOLDER_PATH, "/usr/bin/" + tool);
                    p.set(Columns.PROCESS_COMMAND_LINE, tool + " -c src/mod" + r.nextInt(10000) + ".c");
                    p.set(Columns.PROCESS_ID, (long) r.nextInt(4_000_000));
                    p.set(Columns.ACCOUNT_NAME, "runner");
                    p.set(Columns.INITIATING_PROCESS_FILE_NAME, "make");
                    p.set(Columns.INITIATING_PROCESS_COMMAND_LINE, "make -j2");
                    p.set(Columns.REPORT_ID, i);
                    store.put(p, i);
                }
            }
            store.flush(600_000);
            Map<String, Long> c = store.counters();
            System.out.printf("generate: %,d events over %d h in %.1f s wall; %,d bytes (%.1f per event) in %d"
                    + " segments%n", c.get("store_events_written"), hours, (System.nanoTime() - wall0) / 1e9,
                    c.get("store_bytes"), (double) c.get("store_bytes") / n, c.get("store_segments"));
        }
    }

    private static void hunt(Path dir, long hours, String query) {
        long now = Times.nowNanos();
        long cpu0 = cpu();
        long w0 = System.nanoTime();
        StoreReader reader = new StoreReader(dir).range(now - hours * 3_600_000_000_000L, Long.MAX_VALUE);
        ResultTable t = Kql.compile(query, KqlOptions.DEFAULT).run(reader, now);
        long rows = 0;
        for (Object[] row : t.rows()) {
            rows += row.length > 1 && row[row.length - 1] instanceof Number num ? num.longValue() : 0;
        }
        report("hunt over " + hours + " h (" + query + "): " + t.rows().size() + " rows, counts summing to "
                + rows + "; blocks read " + reader.blocksRead(), w0, cpu0);
    }

    private static void rule(Path dir, Path file) throws Exception {
        List<ScheduledRule> s = new Detector(new RuleLoader().load(file), Tuning.NONE, a -> { }).scheduled();
        RuleRunner runner = new RuleRunner(s.get(0), KqlOptions.DEFAULT);
        StoreReader reader = new StoreReader(dir);
        long cpu0 = cpu();
        long w0 = System.nanoTime();
        int alerts = runner.run(reader::range, Times.nowNanos()).size();
        if (runner.last().error() != null) {
            throw new IllegalStateException(runner.last().error());
        }
        report("rule " + s.get(0).rule().meta().title() + " (" + s.get(0).schedule().describe() + "): "
                + runner.last().rows() + " rows, " + alerts + " alerts", w0, cpu0);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void report(String what, long wall0, long cpu0) {
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (cpu() - cpu0) / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s%n  %.2f s wall, %.2f s CPU (this thread), heap peak %.1f MiB (max %.0f MiB), peak RSS"
                + " %s%n", what, wall, cpu, heapPeak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0,
                vmHwm());
    }

    private static String vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
