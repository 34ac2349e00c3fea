package dev.hookline.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Hunting queries over events preloaded in memory (issue #25's targets): a where + summarize count() by a column
 * and a dcount()/make_set() by a high-cardinality key over 1 M process rows, and a join of 100 k process rows with
 * 100 k network rows on DeviceId and the initiating process id. A plain timed main, not JMH: each query runs a few
 * times; it prints the best and median wall time, the best thread CPU time (the engine runs on the calling thread)
 * and rows per thread CPU-second, the best process CPU time (adding the garbage collector's threads) and bytes
 * allocated per input row. Run with -XX:+UseSerialGC as the launchers run `query`. scripts/bench-engine hunt runs it;
 * scripts/bench-engine-ab REV hunt runs it alternately against another revision's engine.
 *
 * <p>Usage: HuntBench [runs] [rows]
 */
public final class HuntBench {
    static final String[] QUERIES = {
        "where-summarize", "DeviceProcessEvents | where ActionType == 'ProcessCreated' and AccountName != 'nobody'"
                + " | summarize count() by FileName",
        "dcount-make_set", "DeviceProcessEvents | summarize Devices = dcount(DeviceId), Names = make_set(FileName)"
                + " by SHA256",
        "join", "DeviceNetworkEvents | join kind=inner (DeviceProcessEvents | project DeviceId, ProcessId, FileName,"
                + " ProcessCommandLine) on DeviceId, $left.InitiatingProcessId == $right.ProcessId",
    };

    private HuntBench() {
    }

    /** A TableSource over events held per table. */
    static final class Preloaded implements TableSource {
        final Map<Table, Event[]> tables = new EnumMap<>(Table.class);

        @Override
        public void scan(Table table, Consumer<Event> consumer) {
            for (Event e : tables.getOrDefault(table, new Event[0])) {
                consumer.accept(e);
            }
        }
    }

    private static final String[] NAMES = new String[400];
    private static final String[] FOLDERS = {"/usr/bin/", "/usr/local/bin/", "/opt/app/bin/", "/home/runner/.local/bin/"};

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = "tool" + i + (i % 3 == 0 ? ".sh" : "");
        }
    }

    /**
     * process rows: 500 devices, pids below 2^22 per device, 400 file names (skewed), 250 k distinct hashes;
     * network rows: their initiating process is a process row's pid on the same device for 80 % of rows.
     */
    static Preloaded generate(int processRows, int networkRows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long now = Times.nowNanos();
        String[] devices = new String[500];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = String.format("%040x", (long) i * 0x9E3779B97F4A7C15L);
        }
        String[] hashes = new String[250_000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = String.format("%016x%016x%016x%016x", i * 31L, (long) i * 0x9E3779B97F4A7C15L, i, ~i);
        }
        Event[] procs = new Event[processRows];
        for (int i = 0; i < processRows; i++) {
            Event e = new Event(Table.DeviceProcessEvents);
            int name = (int) Math.min(NAMES.length - 1, Math.abs(r.nextGaussian()) * 60);
            e.set(Columns.TIMESTAMP, now - r.nextInt(86_400_000) * 1_000_000L);
            e.set(Columns.DEVICE_ID, devices[r.nextInt(devices.length)]);
            e.set(Columns.DEVICE_NAME, "host-" + (i % 500));
            e.set(Columns.ACTION_TYPE, "ProcessCreated");
            e.set(Columns.FILE_NAME, NAMES[name]);
            e.set(Columns.FOLDER_PATH, FOLDERS[name % FOLDERS.length] + NAMES[name]);
            e.set(Columns.SHA256, hashes[r.nextInt(hashes.length)]);
            e.set(Columns.PROCESS_COMMAND_LINE, NAMES[name] + " --run " + (i % 1000));
            e.set(Columns.PROCESS_ID, 1 + r.nextInt(1 << 22));
            e.set(Columns.ACCOUNT_NAME, i % 7 == 0 ? "root" : "runner");
            e.set(Columns.INITIATING_PROCESS_FILE_NAME, "bash");
            e.set(Columns.INITIATING_PROCESS_ID, 1 + r.nextInt(1 << 22));
            e.set(Columns.REPORT_ID, i);
            procs[i] = e;
        }
        Event[] conns = new Event[networkRows];
        for (int i = 0; i < networkRows; i++) {
            Event e = new Event(Table.DeviceNetworkEvents);
            e.set(Columns.TIMESTAMP, now - r.nextInt(86_400_000) * 1_000_000L);
            if (r.nextInt(5) < 4 && processRows > 0) {
                Event p = procs[r.nextInt(Math.min(processRows, networkRows))];
                e.set(Columns.DEVICE_ID, p.getString(Columns.DEVICE_ID));
                e.set(Columns.INITIATING_PROCESS_ID, p.getLong(Columns.PROCESS_ID));
            } else {
                e.set(Columns.DEVICE_ID, devices[r.nextInt(devices.length)]);
                e.set(Columns.INITIATING_PROCESS_ID, 1 + r.nextInt(1 << 22));
            }
            e.set(Columns.ACTION_TYPE, "ConnectionSuccess");
            e.set(Columns.REMOTE_IP, "10.0." + r.nextInt(256) + "." + r.nextInt(256));
            e.set(Columns.REMOTE_PORT, 443);
            e.set(Columns.PROTOCOL, "Tcp");
            e.set(Columns.REPORT_ID, i);
            conns[i] = e;
        }
        Preloaded s = new Preloaded();
        s.tables.put(Table.DeviceProcessEvents, procs);
        s.tables.put(Table.DeviceNetworkEvents, conns);
        return s;
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Preloaded big = generate(rows, 0, 42);
        Preloaded joinSides = generate(rows / 10, rows / 10, 43);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long now = Times.nowNanos();
        for (int q = 0; q < QUERIES.length; q += 2) {
            String name = QUERIES[q];
            Preloaded src = name.equals("join") ? joinSides : big;
            long inputRows = 0;
            for (Event[] t : src.tables.values()) {
                inputRows += t.length;
            }
            CompiledQuery cq;
            try {
                cq = Kql.compile(QUERIES[q + 1]);
            } catch (KqlException e) {
                System.out.printf("%-16s not supported by this engine: %s%n", name, e.getMessage());
                continue;
            }
            long[] wall = new long[runs];
            long bestCpu = Long.MAX_VALUE;
            long bestAlloc = Long.MAX_VALUE;
            long bestProcess = Long.MAX_VALUE;
            int outRows = 0;
            for (int i = 0; i < runs; i++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long c0 = threads.getCurrentThreadCpuTime();
                long p0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                ResultTable t = cq.run(src, now);
                wall[i] = System.nanoTime() - w0;
                bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c0);
                bestProcess = Math.min(bestProcess, os.getProcessCpuTime() - p0);
                bestAlloc = Math.min(bestAlloc, threads.getCurrentThreadAllocatedBytes() - a0);
                outRows = t.rows().size();
            }
            long[] sorted = wall.clone();
            Arrays.sort(sorted);
            System.out.printf("%-16s %7d rows in, %6d out: wall best %5.0f ms, median %5.0f ms; thread CPU %5.0f ms"
                    + " = %5.2f M rows/CPU-s; process CPU %5.0f ms; %3.0f B allocated/row%n", name, inputRows,
                    outRows, sorted[0] / 1e6, sorted[runs / 2] / 1e6, bestCpu / 1e6, inputRows / (bestCpu / 1e3),
                    bestProcess / 1e6, bestAlloc / (double) inputRows);
        }
    }
}
