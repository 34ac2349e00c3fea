package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.alert.AlertJson;
import dev.hookline.config.Secret;
import dev.hookline.rules.Detector;
import dev.hookline.rules.EventAncestry;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import dev.hookline.transport.tls.FleetCerts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection as a consumer group over a topic of Defender streaming-API records, against a real KRaft broker: the
 * members split the partitions and raise every alert once; a member that dies before its commit has its records
 * read again by the other and the same AlertIds raised again (at least once); SCRAM-SHA-512 over TLS both ways.
 */
class KafkaEventInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRAM_USER = "hookline";
    private static final long NOW = Times.parse(DefenderTopic.NOW);

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static Path ca;

    @BeforeAll
    static void startBroker() throws Exception {
        FleetCerts.Issued authority = FleetCerts.createCa("hookline test CA", Duration.ofDays(1));
        FleetCerts.Issued server = FleetCerts.issueCollector(authority, "broker", List.of("127.0.0.1"),
                Duration.ofDays(1));
        ca = dir.resolve("ca.pem");
        Files.writeString(ca, authority.certPem(), StandardCharsets.US_ASCII);
        Path keystore = dir.resolve("broker.pem");
        Files.writeString(keystore, server.keyPem() + server.certPem(), StandardCharsets.US_ASCII);
        broker = new KafkaBroker(dir.resolve("broker"), keystore, "plain-user", "plain-password", SCRAM_USER,
                "scram-pass-1");
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** One `detect --from-kafka` member: the built-in rules, its alerts to the alert topic through a KafkaOutput. */
    private static final class Member {
        final KafkaEventInput input;
        final KafkaOutput out;
        final AtomicLong events = new AtomicLong();
        /** Alerts raised since the last successful durable(): what a crash now would have raised uncommitted. */
        final List<String> sinceCommit = new ArrayList<>();
        final List<String> raised = new CopyOnWriteArrayList<>();
        final int failAtDurable;
        volatile List<String> lostAtCrash = List.of();
        volatile Throwable failed;
        Thread thread;
        int durableCalls;

        Member(String topic, String group, String alertTopic, Path spool, int maxPoll, int failAtDurable)
                throws Exception {
            this.failAtDurable = failAtDurable;
            input = new KafkaEventInput(new KafkaSettings(broker.bootstrap(), topic, null).maxPollRecords(maxPoll),
                    group, p -> { });
            out = new KafkaOutput(new KafkaSettings(broker.bootstrap(), alertTopic, spool).lingerMillis(20)
                    .timing(100, 1_000, 3_000, 3_000, 5_000), null);
            EventAncestry ancestry = new EventAncestry();
            Detector detector = new Detector(new RuleLoader().loadBuiltin(), Tuning.NONE, a -> {
                try {
                    out.write(AlertJson.toJson(a));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                sinceCommit.add(a.alertId());
                raised.add(a.alertId());
            }, ancestry);
            KafkaEventInput.Sink sink = new KafkaEventInput.Sink() {
                @Override
                public void accept(Event e) {
                    ancestry.observe(e);
                    detector.accept(e, NOW);
                    events.incrementAndGet();
                }

                @Override
                public void durable() throws IOException {
                    if (++durableCalls == failAtDurable) {
                        lostAtCrash = List.copyOf(sinceCommit);
                        throw new IOException("simulated crash before the commit");
                    }
                    out.flush();
                    sinceCommit.clear();
                }
            };
            thread = new Thread(() -> {
                try {
                    input.run(sink, KafkaEventInput.Limits.NONE);
                } catch (Throwable t) {
                    failed = t;
                } finally {
                    input.close();
                }
            }, "member-" + group);
            thread.start();
        }

        void stop() throws Exception {
            input.stop();
            thread.join(30_000);
            assertTrue(out.drain(Duration.ofSeconds(30)), "the member's alerts reached the topic: " + out.lastError());
            out.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Every alert record's AlertId on the topic, in order, duplicates kept. */
    private static List<String> alertIds(String topic, int expected) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> m : broker.readAll(topic, expected, Duration.ofSeconds(30))) {
            for (JsonNode r : JSON.readTree(m.value()).get("records")) {
                assertEquals(StreamingRecords.ALERT_CATEGORY, r.get("category").asText());
                ids.add(r.get("properties").get("AlertId").asText());
            }
        }
        return ids;
    }

    @Test
    void twoConsumersInOneGroupSplitThePartitionsAndTogetherRaiseEveryAlertOnce() throws Exception {
        broker.createTopic("defender-split", 3);
        broker.createTopic("alerts-split", 3);
        DefenderTopic topic = new DefenderTopic(6);
        Set<String> expected = topic.expectedAlertIds();
        assertTrue(expected.size() >= 6 * 20, "the seed cases raise alerts on every device: " + expected.size());
        Member a = new Member("defender-split", "split", "alerts-split", dir.resolve("spool-a"), 200, 0);
        Member b = new Member("defender-split", "split", "alerts-split", dir.resolve("spool-b"), 200, 0);
        await(() -> !a.input.assignment().isEmpty() && !b.input.assignment().isEmpty()
                && a.input.assignment().size() + b.input.assignment().size() == 3, "both members hold partitions");
        topic.produce(broker.bootstrap(), "defender-split", 3);
        await(() -> a.events.get() + b.events.get() == topic.events(), "every event was consumed");
        a.stop();
        b.stop();
        assertNull(a.failed);
        assertNull(b.failed);
        assertTrue(a.events.get() > 0 && b.events.get() > 0, "both members detected: " + a.events + " + "
                + b.events);
        List<String> ids = alertIds("alerts-split", expected.size());
        assertEquals(expected, new HashSet<>(ids), "every expected alert, none other");
        assertEquals(expected.size(), ids.size(), "each once");
        assertTrue(a.input.totals().commits() > 0 && b.input.totals().commits() > 0, "both committed offsets");
    }

    @Test
    void aMemberThatDiesBeforeItsCommitHasItsRecordsReadAgainAndTheSameAlertIdsRaisedTwice() throws Exception {
        broker.createTopic("defender-crash", 3);
        broker.createTopic("alerts-crash", 3);
        DefenderTopic topic = new DefenderTopic(6);
        Set<String> expected = topic.expectedAlertIds();
        topic.produce(broker.bootstrap(), "defender-crash", 3);
        // A commits two polls of 4 messages, then dies after detecting on the third, before committing it.
        Member a = new Member("defender-crash", "crash", "alerts-crash", dir.resolve("spool-c"), 4, 3);
        a.thread.join(60_000);
        assertTrue(a.failed instanceof IOException, "the member died: " + a.failed);
        a.stop(); // what it had raised was in its output's spool: sent, as a restarted agent would
        assertTrue(!a.lostAtCrash.isEmpty(), "the crash came after alerts were raised");
        long committedByA = a.events.get();
        Member b = new Member("defender-crash", "crash", "alerts-crash", dir.resolve("spool-d"), 200, 0);
        await(() -> a.events.get() + b.events.get() > topic.events() && b.events.get() > 0
                && b.events.get() + committedByA >= topic.events(), "the rest was consumed");
        Thread.sleep(500);
        b.stop();
        assertNull(b.failed);
        assertTrue(b.events.get() < topic.events(), "what A committed is not read again: B read " + b.events);
        List<String> ids = alertIds("alerts-crash", expected.size() + a.lostAtCrash.size());
        assertEquals(expected, new HashSet<>(ids), "nothing lost");
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        Set<String> twice = new HashSet<>();
        counts.forEach((id, n) -> {
            assertTrue(n <= 2, id + " " + n + " times");
            if (n == 2) {
                twice.add(id);
            }
        });
        assertEquals(new HashSet<>(a.lostAtCrash), twice,
                "exactly the alerts of the uncommitted poll came twice, with the same AlertId");
    }

    private KafkaSettings scram(String topic, Path spool, String password) {
        return new KafkaSettings(broker.saslBootstrap(), topic, spool)
                .sasl("SASL_SSL", "SCRAM-SHA-512", SCRAM_USER, Secret.of(password)).tls(ca, null, null)
                .lingerMillis(20).timing(100, 1_000, 3_000, 3_000, 5_000);
    }

    @Test
    void alertsGoOutAndComeBackOverSaslSslWithScramSha512() throws Exception {
        broker.createTopic("scram-alerts", 2);
        try (KafkaOutput out = new KafkaOutput(scram("scram-alerts", dir.resolve("spool-scram"), "scram-pass-1"),
                null)) {
            for (int i = 0; i < 5; i++) {
                out.write("{\"AlertId\":\"s" + i + "\",\"DeviceId\":\"dev-" + i + "\"}");
            }
            assertTrue(out.drain(Duration.ofSeconds(30)), "published over SCRAM: " + out.lastError());
        }
        // read back with a consumer over SCRAM too (the --from-kafka path), as a bounded snapshot
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        KafkaSnapshot.Totals t = KafkaSnapshot.read(scram("scram-alerts", null, "scram-pass-1"), lines,
                Duration.ofSeconds(30));
        Set<String> ids = new HashSet<>();
        for (String line : lines.toString(StandardCharsets.UTF_8).split("\n")) {
            for (JsonNode r : JSON.readTree(line).get("records")) {
                ids.add(r.get("properties").get("AlertId").asText());
            }
        }
        assertEquals(Set.of("s0", "s1", "s2", "s3", "s4"), ids);
        assertEquals(t.messages(), lines.toString(StandardCharsets.UTF_8).split("\n").length);
    }

    @Test
    void aWrongScramPasswordIsRefusedRetriedAndLosesNothing() throws Exception {
        broker.createTopic("scram-refused", 1);
        try (KafkaOutput out = new KafkaOutput(scram("scram-refused", dir.resolve("spool-scram-bad"), "wrong"),
                null)) {
            out.write("{\"AlertId\":\"x\",\"DeviceId\":\"dev-1\"}");
            await(() -> out.counters().get("retries") > 1, "the refused login is retried");
            assertEquals(1, out.spoolDepth(), "nothing is dropped");
            assertTrue(out.lastError().contains("Authentication"), out.lastError());
        }
    }
}
