package dev.hookline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.kafka.DefenderTopic;
import dev.hookline.kafka.KafkaBroker;
import dev.hookline.transport.client.ShippingConfig;
import dev.hookline.transport.client.ShippingOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The fleet on loopback: N simulated agents (real {@link ShippingOutput}s: spool, batching, retries) → a TCP load
 * balancer → 2 `hookline collector` processes (alerts.kafka configured) → one KRaft broker → a watcher consuming
 * the alert topic; then a `hookline detect --from-kafka` consumer group of 2 processes over a topic of Defender
 * streaming records.
 *
 * <p>Phase 1 (agents → topic): alerts at a fixed total rate for SECONDS; halfway, collector 1 is killed with
 * SIGKILL and restarted 5 s later on the same data directory and spool. Reported: alerts/s end to end, latency
 * from raise (the agent's write) to the topic (the record's CreateTime, set by the collector's producer) and to the
 * watcher, p50/p99/max, and lost (sent and never on the topic: must be 0) and duplicates (same AlertId twice:
 * at least once allows them). Phase 2 (detect group): the seed cases copied onto DEVICES devices as Defender
 * records, 2 detect processes in one group with --until-idle; reported: events/s and alerts (all expected, once).
 *
 * <p>Run: {@code scripts/bench-fleet [AGENTS] [SECONDS] [RATE] [DEVICES]}.
 */
public final class FleetBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILLER = "x".repeat(1200); // a real alert's Event and ProcessAncestry weigh ~1.5 KB

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int devices = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path dir = Files.createTempDirectory("hookline-fleet-bench");
        System.out.println("fleet bench: " + agents + " agents, " + rate + " alerts/s for " + seconds + " s, 2 "
                + "collectors, 1 broker; detect group of 2 over " + devices + " devices; load average "
                + loadAverage() + "; in " + dir);
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker"))) {
            long t0 = System.nanoTime();
            broker.start();
            System.out.printf("broker up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            broker.createTopic("fleet-alerts", 6);
            broker.createTopic("mde-events", 6);
            broker.createTopic("detect-alerts", 6);
            phaseOne(broker, dir, agents, seconds, rate);
            phaseTwo(broker, dir, devices);
        }
        System.out.println("load average at the end " + loadAverage());
    }

    // ---- phase 1: agents → balancer → collectors → topic

    private static void phaseOne(KafkaBroker broker, Path dir, int agents, int seconds, int rate) throws Exception {
        int[] ports = {freePort(), freePort()};
        Process[] collectors = new Process[2];
        try (LoopbackBalancer lb = new LoopbackBalancer(List.of(ports[0], ports[1]))) {
            for (int i = 0; i < 2; i++) {
                collectors[i] = collector(broker, dir, i, ports[i]);
            }
            for (int i = 0; i < 2; i++) {
                awaitListening(ports[i], collectors[i], dir.resolve("collector-" + i + ".log"));
            }
            Watcher watcher = new Watcher(broker.bootstrap(), "fleet-alerts");
            watcher.start();
            Map<String, Long> sent = new ConcurrentHashMap<>();
            List<ShippingOutput> outs = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                outs.add(new ShippingOutput(new ShippingConfig("127.0.0.1", lb.port(), dir.resolve("agent-" + a))
                        .agentId("agent-" + a).batch(500, 1 << 20, 100).backoff(200, 1_000)));
            }
            long start = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long seq = 0;
            boolean killed = false;
            long restartAt = Long.MAX_VALUE;
            long killedAtMs = 0;
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (seq < due) {
                    int a = (int) (seq % agents);
                    String id = "fleet-" + seq;
                    long now = System.currentTimeMillis();
                    outs.get(a).write("{\"AlertId\":\"" + id + "\",\"RuleId\":\"bench\",\"Severity\":\"High\","
                            + "\"DeviceId\":\"dev-" + a + "\",\"DeviceName\":\"host-" + a + "\",\"RaisedMs\":" + now
                            + ",\"Title\":\"fleet bench\",\"Event\":{\"ProcessCommandLine\":\"" + FILLER + "\"}}");
                    sent.put(id, now);
                    seq++;
                }
                if (!killed && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(seconds) / 2) {
                    collectors[1].destroyForcibly(); // SIGKILL, mid-flow
                    collectors[1].waitFor(10, TimeUnit.SECONDS);
                    killed = true;
                    killedAtMs = System.currentTimeMillis();
                    restartAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    System.out.println("collector 1 killed (SIGKILL) after " + seq + " alerts");
                }
                if (System.nanoTime() >= restartAt) {
                    collectors[1] = collector(broker, dir, 1, ports[1]);
                    restartAt = Long.MAX_VALUE;
                    System.out.println("collector 1 restarted on its data directory and spool");
                }
                Thread.sleep(5);
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long drainStart = System.nanoTime();
            for (ShippingOutput o : outs) {
                while (o.spoolDepth() > 0 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(120)) {
                    Thread.sleep(20);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (watcher.unique() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // late duplicates
            double total = (watcher.lastSeenNanos() - start) / 1e9;
            for (ShippingOutput o : outs) {
                o.close();
            }
            long lost = sent.keySet().stream().filter(id -> !watcher.seen.containsKey(id)).count();
            System.out.printf("phase 1: %d alerts sent in %.1f s by %d agents through the balancer (%d connections "
                    + "refused by the killed collector and taken by the other)%n", sent.size(), sendSeconds, agents,
                    lb.refused());
            System.out.printf("  on the topic: %d unique, %d duplicates (same AlertId), lost %d; end to end %.0f "
                    + "alerts/s (first raise to last on the topic, %.1f s)%n", watcher.unique(),
                    watcher.records.get() - watcher.unique(), lost, watcher.unique() / total, total);
            System.out.println("  raise -> topic (CreateTime) ms: " + watcher.topicLatency.summary());
            System.out.println("  raise -> consumer ms:          " + watcher.consumerLatency.summary());
            System.out.println("  raised after the kill, raise -> topic ms: " + watcher.afterKill(killedAtMs).summary());
            watcher.timeline(startMs, 5_000, killedAtMs);
            watcher.stop();
        } finally {
            for (Process p : collectors) {
                if (p != null) {
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Process collector(KafkaBroker broker, Path dir, int i, int port) throws IOException {
        Path cfg = dir.resolve("collector-" + i + ".yaml");
        Files.writeString(cfg, "alerts:\n  kafka:\n    bootstrap_servers: " + broker.bootstrap()
                + "\n    topic: fleet-alerts\n    spool_dir: " + dir.resolve("collector-" + i + "-kafka-spool")
                + "\ncollector_server:\n  bind: 127.0.0.1\n  port: " + port + "\n  data_dir: "
                + dir.resolve("collector-" + i) + "\n");
        return hookline(dir.resolve("collector-" + i + ".log"), "-Xmx256m", "collector", "--config", cfg.toString());
    }

    private static Process hookline(Path log, String heap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.hookline.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                log.toFile())).start();
    }

    // ---- phase 2: a detect consumer group over Defender records

    private static void phaseTwo(KafkaBroker broker, Path dir, int devices) throws Exception {
        DefenderTopic topic = new DefenderTopic(devices);
        Set<String> expected = topic.expectedAlertIds();
        topic.produce(broker.bootstrap(), "mde-events", 6);
        Process[] members = new Process[2];
        long start = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            Path cfg = dir.resolve("detect-" + i + ".yaml");
            Files.writeString(cfg, "alerts:\n  kafka:\n    bootstrap_servers: " + broker.bootstrap()
                    + "\n    topic: detect-alerts\n    spool_dir: " + dir.resolve("detect-" + i + "-spool") + "\n");
            members[i] = hookline(dir.resolve("detect-" + i + ".log"), "-Xmx384m", "detect", "--from-kafka",
                    broker.bootstrap(), "--topic", "mde-events", "--group", "fleet-detect", "--until-idle", "5s",
                    "--now", DefenderTopic.NOW, "--config", cfg.toString());
        }
        for (Process p : members) {
            p.waitFor(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9 - 5; // less the idle wait
        Watcher w = new Watcher(broker.bootstrap(), "detect-alerts");
        w.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (w.unique() < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        w.stop();
        long missing = expected.stream().filter(id -> !w.seen.containsKey(id)).count();
        System.out.printf("phase 2: detect group of 2 over %d Defender records (%d devices): %.1f s with JVM start "
                + "and group join, %.0f events/s; %d alerts on the topic (%d expected, missing %d, duplicates %d)%n",
                topic.events(), devices, seconds, topic.events() / seconds, w.unique(), expected.size(), missing,
                w.records.get() - w.unique());
        for (int i = 0; i < 2; i++) {
            List<String> lines = Files.readAllLines(dir.resolve("detect-" + i + ".log"));
            System.out.println("  member " + i + ": " + lines.stream().filter(l -> l.contains(" events from "))
                    .findFirst().orElse("(no summary: see " + dir.resolve("detect-" + i + ".log") + ")"));
        }
    }

    // ---- the watcher: reads an alert topic from the beginning

    private static final class Watcher {
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        final AtomicLong records = new AtomicLong();
        final Latencies topicLatency = new Latencies();
        final Latencies consumerLatency = new Latencies();
        final List<long[]> raisedAndTopic = java.util.Collections.synchronizedList(new ArrayList<>());
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private volatile boolean running = true;
        private volatile long lastSeenNanos;
        private Thread thread;

        Watcher(String bootstrap, String topic) {
            this.topic = topic;
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        }

        void start() {
            thread = new Thread(this::run, "watcher-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic,
                    p.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> m : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    try {
                        for (JsonNode r : JSON.readTree(m.value()).get("records")) {
                            JsonNode p = r.get("properties");
                            records.incrementAndGet();
                            seen.merge(p.get("AlertId").asText(), 1, Integer::sum);
                            JsonNode raised = p.get("RaisedMs");
                            if (raised != null) {
                                topicLatency.add(m.timestamp() - raised.asLong());
                                consumerLatency.add(now - raised.asLong());
                                raisedAndTopic.add(new long[] {raised.asLong(), m.timestamp()});
                            }
                        }
                    } catch (IOException e) {
                        System.out.println("watcher: not JSON at offset " + m.offset());
                    }
                    lastSeenNanos = System.nanoTime();
                }
            }
            consumer.close();
        }

        int unique() {
            return seen.size();
        }

        long lastSeenNanos() {
            return lastSeenNanos;
        }

        Latencies afterKill(long killedAtMs) {
            Latencies l = new Latencies();
            synchronized (raisedAndTopic) {
                for (long[] rt : raisedAndTopic) {
                    if (rt[0] >= killedAtMs - 1000 && rt[0] <= killedAtMs + 6000) {
                        l.add(rt[1] - rt[0]);
                    }
                }
            }
            return l;
        }

        /** raise -> topic by when the alert was raised, in buckets: where the time went. */
        void timeline(long startMs, long bucketMs, long killedAtMs) {
            Map<Long, Latencies> buckets = new java.util.TreeMap<>();
            synchronized (raisedAndTopic) {
                for (long[] rt : raisedAndTopic) {
                    buckets.computeIfAbsent((rt[0] - startMs) / bucketMs, k -> new Latencies()).add(rt[1] - rt[0]);
                }
            }
            buckets.forEach((b, l) -> System.out.println("    raised at " + b * bucketMs / 1000 + "-" + (b + 1)
                    * bucketMs / 1000 + " s" + (killedAtMs >= startMs + b * bucketMs && killedAtMs < startMs + (b + 1)
                    * bucketMs ? " (kill)" : "") + ": " + l.summary()));
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    private static final class Latencies {
        private long[] v = new long[1 << 16];
        private int n;

        synchronized void add(long ms) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = ms;
        }

        synchronized String summary() {
            if (n == 0) {
                return "(none)";
            }
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return "p50 " + s[n / 2] + ", p99 " + s[Math.min(n - 1, (int) (n * 0.99))] + ", max " + s[n - 1] + " (n="
                    + n + ")";
        }
    }

    // ---- plumbing

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("collector exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("collector did not listen on " + port);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " (1 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
