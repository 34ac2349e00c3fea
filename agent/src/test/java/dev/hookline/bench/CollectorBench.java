package dev.hookline.bench;

import dev.hookline.transport.TestPki;
import dev.hookline.transport.client.CollectorClient;
import dev.hookline.transport.client.CollectorResponse;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import dev.hookline.transport.tls.TlsFiles;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Collector throughput: N agents (mutual-TLS clients on loopback, one connection each) post gzip'd batches of
 * unique alerts as fast as they are acknowledged, for a fixed time. Prints alerts/s ingested (written to the
 * collector's alert file and its dedup window, fsync'd before each ack), p50/p99 ack latency and the JVM's heap.
 * Agents and collector share this JVM and the machine's cores. Run: scripts/bench-collector [AGENTS] [SECONDS] [BATCH]
 */
public final class CollectorBench {
    private CollectorBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path dir = Files.createTempDirectory("hookline-collector-bench");
        TestPki pki = new TestPki(dir.resolve("pki"));
        CollectorConfig cfg = new CollectorConfig(dir.resolve("collector")).bind("127.0.0.1", 0).tls(pki.collector)
                .rateLimit(1e9, 1e9).dedupWindow(2_000_000).alertFile(1L << 30, 1);
        AtomicLong alerts = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        try (CollectorServer server = new CollectorServer(cfg)) {
            List<Thread> threads = new ArrayList<>();
            long[] window = new long[2];
            for (int a = 0; a < agents; a++) {
                String id = "agent-" + a;
                TlsFiles tls = pki.agent(id);
                long[] lat = new long[1 << 16];
                latencies.add(lat);
                threads.add(new Thread(() -> run(server.port(), id, tls, batch, alerts, lat, window), id));
            }
            long start = System.nanoTime();
            window[0] = start + 2_000_000_000L; // 2 s warm-up, not counted
            window[1] = window[0] + seconds * 1_000_000_000L;
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) Math.min(l[0] + 1, l.length)))
                    .sorted().toArray();
            System.out.printf("agents %d, batch %d, %d s: %,.0f alerts/s ingested; ack latency p50 %.1f ms, p99 %.1f ms "
                            + "(%d acks); heap used %d MiB; native transport %s%n",
                    agents, batch, seconds, alerts.get() / (double) seconds, pct(all, 0.50), pct(all, 0.99),
                    all.length, heap >> 20, server.nativeTransport());
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void run(int port, String id, TlsFiles tls, int batch, AtomicLong alerts, long[] lat, long[] window) {
        try (CollectorClient c = new CollectorClient("127.0.0.1", port, tls, null, id, 5_000)) {
            long n = 0;
            while (System.nanoTime() < window[1]) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream(batch * 200);
                for (int i = 0; i < batch; i++) {
                    raw.write(("{\"AlertId\":\"" + id + "-" + n++ + "\",\"RuleId\":\"hookline.seed.t1195-001\","
                            + "\"Arm\":\"PackageManagerSpawnedSuspiciousChild\",\"Severity\":\"high\","
                            + "\"DeviceName\":\"" + id + "\",\"Row\":{\"FileName\":\"dash\",\"ProcessCommandLine\":"
                            + "\"sh -c curl http://127.0.0.1/x\"}}\n").getBytes(StandardCharsets.UTF_8));
                }
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                    raw.writeTo(g);
                }
                long t0 = System.nanoTime();
                CollectorResponse r = c.post(gz.toByteArray(), true, id + "-" + n, 30_000);
                long t1 = System.nanoTime();
                if (r.ok() && t0 >= window[0] && t1 <= window[1]) {
                    alerts.addAndGet(r.field("accepted"));
                    if (lat[0] < lat.length - 1) {
                        lat[(int) ++lat[0]] = t1 - t0;
                    }
                }
            }
        } catch (Exception e) {
            System.err.println(id + ": " + e);
        }
    }
}
