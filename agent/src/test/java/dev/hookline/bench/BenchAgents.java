package dev.hookline.bench;

import dev.hookline.transport.client.CollectorClient;
import dev.hookline.transport.client.CollectorResponse;
import dev.hookline.transport.tls.TlsFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The agents' side of {@link CollectorBench}, in its own JVM: {@code port pkiDir agents warmupSeconds seconds batch}.
 * Each agent gzips its batches of unique alerts before the window (up to a budget of 250,000 alerts/s in all; past
 * it, batches are made on the fly and counted), connects with its own certificate, then posts batch after batch.
 * Prints {@code window-start} and {@code window-end} (the collector measures between them) and a result line.
 */
public final class BenchAgents {
    private static final int BUDGET_ALERTS_PER_SECOND = 250_000;

    private BenchAgents() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path pki = Path.of(args[1]);
        int agents = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int batch = Integer.parseInt(args[5]);
        int perAgent = (int) Math.ceil((double) BUDGET_ALERTS_PER_SECOND * (warmup + seconds) / agents / batch);
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            List<byte[]> l = new ArrayList<>(perAgent);
            for (int b = 0; b < perAgent; b++) {
                l.add(body("agent-" + a, (long) b * batch, batch));
            }
            bodies.add(l);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] window = new long[2];
        CountDownLatch connected = new CountDownLatch(agents);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong onTheFly = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            String id = "agent-" + a;
            TlsFiles tls = new TlsFiles(pki.resolve("ca.crt"), pki.resolve(id + ".crt"), pki.resolve(id + ".key"));
            long[] lat = new long[1 << 16];
            latencies.add(lat);
            List<byte[]> mine = bodies.get(a);
            threads.add(new Thread(() -> run(port, id, tls, batch, mine, lat, window, connected, go, onTheFly,
                    failures), id));
        }
        threads.forEach(Thread::start);
        if (!connected.await(120, TimeUnit.SECONDS)) {
            System.err.println("agents: only " + (agents - connected.getCount()) + " of " + agents + " connected");
        }
        long start = System.nanoTime();
        window[0] = start + TimeUnit.SECONDS.toNanos(warmup);
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        sleepUntil(window[0]);
        long cpu0 = os.getProcessCpuTime();
        System.out.println("window-start");
        System.out.flush();
        sleepUntil(window[1]);
        long cpu = os.getProcessCpuTime() - cpu0;
        System.out.println("window-end");
        System.out.flush();
        for (Thread t : threads) {
            t.join();
        }
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) Math.min(l[0] + 1, l.length)))
                .sorted().toArray();
        System.out.printf("agents: %d agents, batches of %d; ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(%d acks in the window); agents' JVM CPU %.2f cores; %d batches gzip'd on the fly; "
                        + "%d failed requests%n",
                agents, batch, pct(all, 0.50), pct(all, 0.99), pct(all, 1.0), all.length, cpu / 1e9 / seconds,
                onTheFly.get(), failures.get());
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /** {@code count} alerts with ids {@code agent-first} … as one gzip'd NDJSON body. */
    static byte[] body(String agent, long first, int count) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(count * 256);
        for (long n = first; n < first + count; n++) {
            raw.write(("{\"AlertId\":\"" + agent + "-" + n + "\",\"RuleId\":\"hookline.seed.t1195-001\","
                    + "\"Arm\":\"PackageManagerSpawnedSuspiciousChild\",\"Severity\":\"high\","
                    + "\"DeviceName\":\"" + agent + "\",\"Row\":{\"FileName\":\"dash\",\"ProcessCommandLine\":"
                    + "\"sh -c curl http://127.0.0.1/x\"}}\n").getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            raw.writeTo(g);
        }
        return gz.toByteArray();
    }

    private static void run(int port, String id, TlsFiles tls, int batch, List<byte[]> bodies, long[] lat,
            long[] window, CountDownLatch connected, CountDownLatch go, AtomicLong onTheFly, AtomicLong failures) {
        try (CollectorClient c = new CollectorClient("127.0.0.1", port, tls, null, id, 30_000)) {
            c.connect();
            connected.countDown();
            go.await();
            int next = 0;
            while (System.nanoTime() < window[1]) {
                byte[] body;
                if (next < bodies.size()) {
                    body = bodies.get(next);
                } else {
                    body = body(id, (long) next * batch, batch);
                    onTheFly.incrementAndGet();
                }
                long t0 = System.nanoTime();
                CollectorResponse r;
                try {
                    r = c.post(body, true, id + "-" + next, 60_000);
                } catch (IOException e) {
                    failures.incrementAndGet();
                    continue; // reconnects on the next post; the batch is resent
                }
                long t1 = System.nanoTime();
                if (!r.ok()) {
                    failures.incrementAndGet();
                    Thread.sleep(Math.max(10, r.retryAfterSeconds() * 1000));
                    continue;
                }
                next++;
                if (t1 >= window[0] && t1 <= window[1] && lat[0] < lat.length - 1) {
                    lat[(int) ++lat[0]] = t1 - t0;
                }
            }
        } catch (Exception e) {
            System.err.println(id + ": " + e);
            connected.countDown();
        }
    }
}
