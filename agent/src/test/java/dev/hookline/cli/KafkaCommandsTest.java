package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.kafka.DefenderTopic;
import dev.hookline.kafka.KafkaBroker;
import dev.hookline.kafka.StreamingRecords;
import dev.hookline.transport.client.ShippingConfig;
import dev.hookline.transport.client.ShippingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Kafka paths of the CLI against a real KRaft broker: detect and query --from-kafka over Defender-format
 * records, detect --events --config pushing a replay's alerts to alerts.kafka, and `hookline collector` (a child
 * JVM) forwarding what an agent ships to it onto the topic.
 */
class KafkaCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static DefenderTopic defender;
    private static Set<String> expected;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(dir.resolve("broker"));
        broker.start();
        broker.createTopic("mde", 3);
        defender = new DefenderTopic(3);
        expected = defender.expectedAlertIds();
        defender.produce(broker.bootstrap(), "mde", 3);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A config whose alerts.kafka publishes to {@code topic} with its own spool. */
    private static Path kafkaConfig(String name, String topic, String extra) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "alerts:\n  kafka:\n    bootstrap_servers: " + broker.bootstrap() + "\n    topic: " + topic
                + "\n    tenant_id: tenant-7\n    compression: lz4\n    spool_dir: " + dir.resolve(name + "-spool") + "\n"
                + extra);
        return cfg;
    }

    /** The alert records on the topic. */
    private static List<JsonNode> alertRecords(String topic, int expected) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> m : broker.readAll(topic, expected, Duration.ofSeconds(30))) {
            for (JsonNode r : JSON.readTree(m.value()).get("records")) {
                assertEquals(StreamingRecords.ALERT_CATEGORY, r.get("category").asText());
                assertEquals("Publish", r.get("operationName").asText());
                String device = r.get("properties").path("DeviceId").asText(
                        r.get("properties").path("Event").path("DeviceId").asText());
                assertEquals(device, new String(m.key(), StandardCharsets.UTF_8), "keyed by DeviceId");
                out.add(r);
            }
        }
        return out;
    }

    private static Set<String> stdoutIds(String out) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String l : out.trim().split("\n")) {
            if (!l.isBlank()) {
                ids.add(JSON.readTree(l).get("AlertId").asText());
            }
        }
        return ids;
    }

    @Test
    void detectFromKafkaRaisesWhatDetectEventsRaisesSendsItToTheOutputsAndCommits() throws Exception {
        broker.createTopic("detect-alerts", 3);
        Path cfg = kafkaConfig("detect", "detect-alerts", "");
        Result r = run("detect", "--from-kafka", broker.bootstrap(), "--topic", "mde", "--group", "cli-1",
                "--until-idle", "3s", "--now", DefenderTopic.NOW, "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, stdoutIds(r.out()));
        assertTrue(r.err().contains(defender.events() + " events from "), r.err());
        assertTrue(r.err().contains("sent to kafka"), r.err());
        Set<String> onTopic = new HashSet<>();
        List<JsonNode> records = alertRecords("detect-alerts", expected.size());
        records.forEach(n -> onTopic.add(n.get("properties").get("AlertId").asText()));
        assertEquals(expected, onTopic);
        assertEquals(expected.size(), records.size());
        assertEquals("tenant-7", records.get(0).get("tenantId").asText());
        // the group's offsets were committed: a second run of the same group finds nothing new
        Result again = run("detect", "--from-kafka", broker.bootstrap(), "--topic", "mde", "--group", "cli-1",
                "--until-idle", "2s", "--now", DefenderTopic.NOW);
        assertEquals(0, again.code(), again.err());
        assertEquals("", again.out().trim());
        assertTrue(again.err().contains("0 events from 0 messages"), again.err());
    }

    @Test
    void detectFromKafkaStopsAfterMaxRecordsAtAMessageBoundary() throws Exception {
        Result r = run("detect", "--from-kafka", broker.bootstrap(), "--topic", "mde", "--group", "cli-max",
                "--max-records", "10", "--now", DefenderTopic.NOW);
        assertEquals(0, r.code(), r.err());
        // three records per message: the message holding the 10th event is finished
        assertTrue(r.err().contains("12 events from 4 messages"), r.err());
    }

    @Test
    void fromKafkaOptionsAreCheckedWithClearErrors() {
        Result both = run("detect", "--events", "x.jsonl", "--from-kafka", broker.bootstrap(), "--topic", "t");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --events FILE or --from-kafka"), both.err());
        Result noTopic = run("detect", "--from-kafka", broker.bootstrap());
        assertEquals(2, noTopic.code());
        assertTrue(noTopic.err().contains("needs --topic"), noTopic.err());
        Result noConfig = run("query", "DeviceProcessEvents", "--from-kafka", "events");
        assertEquals(2, noConfig.code());
        assertTrue(noConfig.err().contains("give --config"), noConfig.err());
        Result idle = run("detect", "--from-kafka", broker.bootstrap(), "--topic", "mde", "--until-idle", "soon");
        assertEquals(2, idle.code());
        assertTrue(idle.err().contains("--until-idle expects a positive timespan"), idle.err());
        Result stray = run("detect", "--events", "x.jsonl", "--max-records", "3");
        assertEquals(2, stray.code());
        assertTrue(stray.err().contains("go with --from-kafka"), stray.err());
    }

    @Test
    void queryFromKafkaRunsOverTheTopicUpToItsEndAtStart() throws Exception {
        Result r = run("query", "DeviceProcessEvents | summarize n = count() by DeviceId | sort by DeviceId asc",
                "--from-kafka", broker.bootstrap(), "--topic", "mde", "--format", "json");
        assertEquals(0, r.code(), r.err());
        Map<String, Long> perDevice = new HashMap<>();
        for (String l : r.out().trim().split("\n")) {
            JsonNode n = JSON.readTree(l);
            perDevice.put(n.get("DeviceId").asText(), n.get("n").asLong());
        }
        long processEvents = defender.all().stream().filter(e -> e.table().name().equals("DeviceProcessEvents"))
                .count() / 3;
        assertEquals(Map.of(DefenderTopic.deviceId(0), processEvents, DefenderTopic.deviceId(1), processEvents,
                DefenderTopic.deviceId(2), processEvents), perDevice);
        assertTrue(r.err().contains("messages of topic mde up to end offsets"), r.err());
    }

    @Test
    void queryFromKafkaTakesBrokersAndTopicFromTheConfigSection() throws Exception {
        Path cfg = dir.resolve("events-section.yaml");
        Files.writeString(cfg, "events:\n  kafka:\n    bootstrap_servers: " + broker.bootstrap() + "\n    topic: mde\n"
                + "    spool_dir: " + dir.resolve("unused-spool") + "\n");
        Result r = run("query", "DeviceFileEvents | count", "--from-kafka", "events", "--config", cfg.toString(),
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        long files = defender.all().stream().filter(e -> e.table().name().equals("DeviceFileEvents")).count();
        assertEquals("{\"Count\":" + files + "}", r.out().trim());
    }

    @Test
    void detectEventsWithConfigPushesTheReplaysAlertsToAlertsKafka() throws Exception {
        broker.createTopic("replay-alerts", 2);
        Path events = dir.resolve("seed-cases.jsonl");
        try (InputStream in = KafkaCommandsTest.class.getResourceAsStream("/fixtures/seed-cases.jsonl")) {
            Files.write(events, in.readAllBytes());
        }
        Path cfg = kafkaConfig("replay", "replay-alerts", "");
        Result r = run("detect", "--events", events.toString(), "--now", DefenderTopic.NOW, "--config",
                cfg.toString());
        assertEquals(0, r.code(), r.err());
        Set<String> printed = stdoutIds(r.out());
        assertEquals(30, printed.size(), r.err());
        List<JsonNode> records = alertRecords("replay-alerts", printed.size());
        Set<String> onTopic = new HashSet<>();
        records.forEach(n -> onTopic.add(n.get("properties").get("AlertId").asText()));
        assertEquals(printed, onTopic, "every alert of the replay is on the topic, in the envelope");
        JsonNode first = records.get(0).get("properties");
        assertTrue(first.has("RuleId") && first.has("Event"), first.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theCollectorForwardsWhatAnAgentShipsToItOntoTheTopic() throws Exception {
        broker.createTopic("fleet-alerts", 3);
        int port = freePort();
        Path cfg = kafkaConfig("collector", "fleet-alerts", "collector_server:\n  bind: 127.0.0.1\n  port: " + port
                + "\n  data_dir: " + dir.resolve("collector-data") + "\n");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process collector = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, "dev.hookline.cli.Main", "collector", "--config",
                cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("collector.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!listening(port)) {
                assertTrue(collector.isAlive(), Files.readString(dir.resolve("collector.log")));
                assertTrue(System.nanoTime() < deadline, "the collector did not start");
                Thread.sleep(100);
            }
            Set<String> sent = new HashSet<>();
            try (ShippingOutput agent = new ShippingOutput(new ShippingConfig("127.0.0.1", port,
                    dir.resolve("agent-spool")).batch(100, 1 << 20, 20))) {
                for (int i = 0; i < 250; i++) {
                    String id = "fwd-" + i;
                    agent.write("{\"AlertId\":\"" + id + "\",\"RuleId\":\"r\",\"DeviceId\":\"dev-" + (i % 5)
                            + "\",\"Title\":\"forwarded\"}");
                    sent.add(id);
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (agent.spoolDepth() > 0 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                assertEquals(0, agent.spoolDepth(), "the collector acknowledged everything");
            }
            Set<String> onTopic = new HashSet<>();
            List<JsonNode> records = alertRecords("fleet-alerts", sent.size());
            records.forEach(n -> onTopic.add(n.get("properties").get("AlertId").asText()));
            assertEquals(sent, onTopic, "the agent never spoke to the broker, every alert reached it");
            assertEquals(sent.size(), records.size());
            assertTrue(Files.readString(dir.resolve("collector.log")).contains("and Kafka topic fleet-alerts"));
        } finally {
            collector.destroy(); // SIGTERM: the shutdown hook closes the server and the Kafka output
            assertTrue(collector.waitFor(30, TimeUnit.SECONDS), "the collector stops on SIGTERM");
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
