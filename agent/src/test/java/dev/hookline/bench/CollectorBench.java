package dev.hookline.bench;

import dev.hookline.transport.TestPki;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collector throughput: N agents (mutual-TLS clients on loopback, one keep-alive connection each, one batch in
 * flight) post gzip'd batches of unique alerts as fast as they are acknowledged. This JVM runs only the collector,
 * with the production defaults except the per-agent rate limit (off) and the alert file (one 1 GiB file); the
 * agents run in a second JVM ({@link BenchAgents}) on the same cores, so their CPU is measured apart from the
 * collector's.
 *
 * <p>What the collector does per batch is the real thing: TLS decrypt (mutual TLS), HTTP, gunzip, per-line
 * validation and AlertId, dedup, the alert file on disk, the dedup log, one fsync per group commit before the ack.
 * The agents gzip their batches before the measured window (their own cost is TLS + HTTP only, and is reported).
 *
 * <p>Printed: alerts/s counted by the collector's own {@code alerts_accepted} counter over the window; ack latency
 * p50/p99 seen by the agents; CPU of the collector process, of the agents' process and of the whole machine (other
 * load included) over the window, as cores; collector heap (peak sampled used, after-GC used) and peak RSS.
 * Run: {@code scripts/bench-collector [AGENTS] [SECONDS] [BATCH]}; extra JVM options for the collector in
 * {@code COLLECTOR_JAVA_OPTS}, for the agents in {@code AGENTS_JAVA_OPTS}.
 */
public final class CollectorBench {
    private CollectorBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = 5;
        Path dir = Files.createTempDirectory("hookline-collector-bench");
        TestPki pki = new TestPki(dir.resolve("pki"));
        for (int a = 0; a < agents; a++) {
            pki.agent("agent-" + a);
        }
        CollectorConfig cfg = new CollectorConfig(dir.resolve("collector")).bind("127.0.0.1", 0).tls(pki.collector)
                .rateLimit(0, 0).alertFile(1L << 30, 1);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (CollectorServer server = new CollectorServer(cfg)) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String extra = System.getenv().getOrDefault("AGENTS_JAVA_OPTS", "-Xmx1g");
            if (!extra.isBlank()) {
                cmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchAgents.class.getName(),
                    Integer.toString(server.port()), pki.dir.toString(), Integer.toString(agents),
                    Integer.toString(warmup), Integer.toString(seconds), Integer.toString(batch)));
            Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long cpu0 = 0;
            long alloc0 = 0;
            long acc0 = 0;
            long wall0 = 0;
            long[] machine0 = null;
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            String agentResult = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("window-start")) {
                        cpu0 = os.getProcessCpuTime();
                        alloc0 = allocated();
                        acc0 = accepted(server);
                        wall0 = System.nanoTime();
                        machine0 = machineJiffies();
                        sampler.start();
                    } else if (line.equals("window-end")) {
                        long cpu = os.getProcessCpuTime() - cpu0;
                        long alloc = allocated() - alloc0;
                        long acc = accepted(server) - acc0;
                        double wall = (System.nanoTime() - wall0) / 1e9;
                        long[] m1 = machineJiffies();
                        sampler.interrupt();
                        double busy = m1 == null || machine0 == null ? Double.NaN
                                : (m1[0] - machine0[0]) / 100.0 / wall;
                        System.out.printf("collector: %,.0f alerts/s ingested (%,d in %.1f s); CPU %.2f cores "
                                        + "(%.1f µs/alert); allocated %,d bytes/alert; heap peak %d MiB%n",
                                acc / wall, acc, wall, cpu / 1e9 / wall, cpu / 1e3 / Math.max(1, acc),
                                alloc / Math.max(1, acc), peakHeap.get() >> 20);
                        System.out.printf("machine: %.2f of %d cores busy over the window (all processes)%n", busy,
                                Runtime.getRuntime().availableProcessors());
                    } else if (line.startsWith("agents:")) {
                        agentResult = line;
                        System.out.println(line);
                    } else {
                        System.out.println(line);
                    }
                }
            }
            child.waitFor();
            System.gc();
            Map<String, Long> c = server.counters();
            System.out.printf("collector after the run: heap used after GC %d MiB, peak RSS %d MiB, native transport %s;"
                            + " counters %s%n",
                    mem.getHeapMemoryUsage().getUsed() >> 20, peakRssKib() >> 10, server.nativeTransport(), c);
            if (agentResult == null) {
                System.out.println("the agents' process printed no result (exit " + child.exitValue() + ")");
            }
        }
    }

    /** Bytes allocated by the JVM's live threads (the collector's threads live through the window). */
    private static long allocated() {
        var t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    private static long accepted(CollectorServer s) {
        return s.counters().getOrDefault("alerts_accepted", 0L);
    }

    /** Busy jiffies of the whole machine (user+nice+system+irq+softirq+steal) from /proc/stat, or null. */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return new long[] {busy};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long peakRssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
