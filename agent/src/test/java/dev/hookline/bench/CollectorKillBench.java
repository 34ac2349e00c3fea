package dev.hookline.bench;

import dev.hookline.output.FsyncPolicy;
import dev.hookline.transport.TestPki;
import dev.hookline.transport.client.ShippingConfig;
import dev.hookline.transport.client.ShippingOutput;
import dev.hookline.transport.spool.Spool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * SIGKILL under load, for real: a {@code hookline collector} process (the CLI, its config file, mutual TLS, the
 * collector's JVM options) receives the alerts of N agents' shipping outputs (the agent's real transport and
 * on-disk spool, with the settings `hookline run` gives them) while it is killed with SIGKILL K times at random
 * moments and restarted on the same data directory. Then the agents' spools are drained, the collector is stopped
 * cleanly, and its alert files are counted by AlertId: every alert written must be there exactly once.
 *
 * <p>Args: [KILLS=15] [AGENTS=4] [ALERTS_PER_SECOND_PER_AGENT=500] [SEED=1]. Run: {@code scripts/bench-collector-kill}.
 * Exits 1 when an alert is lost or stored twice.
 */
public final class CollectorKillBench {
    private static final Pattern ID = Pattern.compile("\"AlertId\":\"([^\"]+)\"");
    private static final AtomicBoolean STOP = new AtomicBoolean();
    /** The agents' "shipping failed" warnings while the collector is down are expected here: kept out of the output. */
    private static final Logger SHIPPING_LOG = Logger.getLogger(ShippingOutput.class.getName());

    private CollectorKillBench() {
    }

    public static void main(String[] args) throws Exception {
        SHIPPING_LOG.setLevel(Level.SEVERE);
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 1);
        Path dir = Files.createTempDirectory("hookline-collector-kill");
        TestPki pki = new TestPki(dir.resolve("pki"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("collector");
        Path config = Files.writeString(dir.resolve("hookline.yaml"), "collector_server:\n  bind: 127.0.0.1\n"
                + "  port: " + port + "\n  data_dir: " + data + "\n  ca_cert: " + pki.dir.resolve("ca.crt")
                + "\n  cert: " + pki.dir.resolve("collector.crt") + "\n  key: " + pki.dir.resolve("collector.key")
                + "\n");
        Path log = dir.resolve("collector.log");
        System.out.printf("kill bench: %d kills, %d agents at %d alerts/s each, collector on 127.0.0.1:%d, work dir %s%n",
                kills, agents, rate, port, dir);

        Process collector = startCollector(config, log, port);
        List<ShippingOutput> outs = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            String id = "agent-" + a;
            // as Shipping.output builds it for `hookline run` (spool_max_mb 256, 8 MiB segments, default fsync)
            ShippingConfig sc = new ShippingConfig("127.0.0.1", port, dir.resolve("spool-" + a)).agentId(id)
                    .tls(pki.agent(id)).spool(new Spool.Config(256L << 20, 8L << 20, FsyncPolicy.defaultPolicy()));
            outs.add(new ShippingOutput(sc));
        }
        AtomicLong written = new AtomicLong();
        long[] perAgent = new long[agents];
        List<Thread> writers = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            int ai = a;
            Thread t = new Thread(() -> write(outs.get(ai), "agent-" + ai, rate, perAgent, ai, written), "writer-" + a);
            t.start();
            writers.add(t);
        }

        long t0 = System.nanoTime();
        long stored = 0;
        for (int k = 1; k <= kills; k++) {
            // mid-flow: once the restarted collector stores again (its agents back from their backoff), a random
            // 0.2-1.5 s later, so the kill lands among batches being received, written and synced
            long since = stored;
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (countLines(data) == since && System.nanoTime() < wait) {
                Thread.sleep(20);
            }
            Thread.sleep(200 + random.nextInt(1_300));
            collector.destroyForcibly(); // SIGKILL
            collector.waitFor();
            stored = countLines(data);
            System.out.printf("kill %2d at %5.1f s: %,d alerts written by the agents, %,d lines in the sink (+%,d since"
                    + " the last restart)%n", k, (System.nanoTime() - t0) / 1e9, written.get(), stored, stored - since);
            collector = startCollector(config, log, port);
        }
        Thread.sleep(2_000);
        STOP.set(true);
        for (Thread t : writers) {
            t.join();
        }
        long total = written.get();
        long drainStart = System.nanoTime();
        long deadline = drainStart + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && !drained(outs, perAgent)) {
            Thread.sleep(200);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        Map<String, Long> agentCounters = new HashMap<>();
        for (ShippingOutput o : outs) {
            o.counters().forEach((key, v) -> agentCounters.merge(key, v, Long::sum));
            o.close();
        }
        collector.destroy(); // SIGTERM: a clean stop
        if (!collector.waitFor(60, TimeUnit.SECONDS)) {
            collector.destroyForcibly();
        }

        Map<String, Integer> seen = new HashMap<>();
        long lines = 0;
        for (Path f : alertFiles(data)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                Matcher m = ID.matcher(l);
                if (m.find()) {
                    seen.merge(m.group(1), 1, Integer::sum);
                    lines++;
                }
            }
        }
        long lost = 0;
        for (int a = 0; a < agents; a++) {
            for (long n = 0; n < perAgent[a]; n++) {
                if (!seen.containsKey("agent-" + a + "-" + n)) {
                    lost++;
                }
            }
        }
        long duplicated = lines - seen.size();
        String collectorLog = Files.readString(log);
        long recovered = 0;
        Matcher r = Pattern.compile("recovered (\\d+) AlertIds").matcher(collectorLog);
        while (r.find()) {
            recovered += Long.parseLong(r.group(1));
        }
        System.out.printf("agents wrote %,d alerts in %.1f s; spools drained %.1f s after the last write%n", total,
                (drainStart - t0) / 1e9, drainSeconds);
        System.out.printf("agents: records_acked %,d, duplicates_at_collector %,d, retries %,d, attempts %,d, "
                        + "spool_depth %,d%n", agentCounters.getOrDefault("records_acked", 0L),
                agentCounters.getOrDefault("duplicates_at_collector", 0L), agentCounters.getOrDefault("retries", 0L),
                agentCounters.getOrDefault("attempts", 0L), agentCounters.getOrDefault("spool_depth", 0L));
        System.out.printf("collector: %d SIGKILLs; AlertIds recovered from the alert file at restarts (written, not yet"
                + " in the dedup log when killed): %,d%n", kills, recovered);
        System.out.printf("sink: %,d lines, %,d distinct AlertIds; lost %,d, duplicated %,d%n", lines, seen.size(),
                lost, duplicated);
        System.exit(lost == 0 && duplicated == 0 && lines > 0 ? 0 : 1);
    }

    private static void write(ShippingOutput out, String agent, int rate, long[] perAgent, int a, AtomicLong written) {
        long start = System.nanoTime();
        long n = 0;
        while (!STOP.get()) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            try {
                for (; n < due; n++) {
                    out.write("{\"AlertId\":\"" + agent + "-" + n + "\",\"AlertType\":\"Detection\",\"DeviceName\":\""
                            + agent + "\",\"RuleId\":\"kill-bench\",\"N\":" + n + "}");
                    synchronized (perAgent) {
                        perAgent[a] = n + 1;
                    }
                    written.incrementAndGet();
                }
                Thread.sleep(5);
            } catch (IOException e) {
                throw new IllegalStateException(agent + ": the spool refused an alert: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean drained(List<ShippingOutput> outs, long[] perAgent) {
        for (int a = 0; a < outs.size(); a++) {
            Map<String, Long> c = outs.get(a).counters();
            long acked = c.getOrDefault("records_acked", 0L);
            synchronized (perAgent) {
                if (c.getOrDefault("spool_depth", 1L) != 0 || acked < perAgent[a]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Process startCollector(Path config, Path log, int port) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // the launcher's options for `collector` (bounded heap, exit on OOM)
        Process p = new ProcessBuilder(java.toString(), "-Xms64m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), "dev.hookline.cli.Main", "collector", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the collector exited with " + p.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the collector did not listen within 60 s; see " + log);
    }

    private static List<Path> alertFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(p -> p.getFileName().toString().matches("alerts\\.jsonl(\\.\\d+)?")).sorted().toList();
        }
    }

    private static long countLines(Path data) throws IOException {
        long n = 0;
        for (Path f : alertFiles(data)) {
            try (Stream<String> s = Files.lines(f, StandardCharsets.UTF_8)) {
                n += s.count();
            }
        }
        return n;
    }
}
