package dev.hookline.kafka;

import dev.hookline.io.EventJsonReader;
import dev.hookline.rules.Detector;
import dev.hookline.rules.EventAncestry;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A topic of Defender streaming-API records for tests: the seed cases (the same 39 events `detect` is tested on)
 * copied onto several devices, each copy under its own DeviceId and DeviceName, shaped by {@link StreamingRecords}
 * exactly as Defender's export to Event Hubs (category AdvancedHunting-&lt;Table&gt;, properties = the row), a few
 * records per message, device {@code d} on partition {@code d % partitions}. {@link #expectedAlertIds} runs the
 * built-in rules over the same events in the same order (what `detect --events` raises), with {@link #NOW}.
 */
public final class DefenderTopic {
    /** The --now the seed cases are evaluated at. */
    public static final String NOW = "2026-11-20T12:00:00Z";
    public static final String TENANT = "7d1f0c52-4b7e-4d0a-9a35-0e6a8c2f11aa";
    private static final int PER_MESSAGE = 3;

    private final List<List<Event>> devices = new ArrayList<>();

    public DefenderTopic(int deviceCount) throws IOException {
        List<Event> seed = new ArrayList<>();
        try (InputStream in = DefenderTopic.class.getResourceAsStream("/fixtures/seed-cases.jsonl");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            new EventJsonReader().read(r, e -> seed.add(e.copy()));
        }
        for (int d = 0; d < deviceCount; d++) {
            List<Event> copy = new ArrayList<>();
            for (Event e : seed) {
                Event c = e.copy();
                c.set(Columns.DEVICE_ID, deviceId(d));
                c.set(Columns.DEVICE_NAME, "runner-" + d + ".build.example");
                copy.add(c);
            }
            devices.add(copy);
        }
    }

    public static String deviceId(int d) {
        return String.format("%040x", 0xd0000 + d);
    }

    public int events() {
        return devices.stream().mapToInt(List::size).sum();
    }

    /** Every event, device after device. */
    public List<Event> all() {
        List<Event> out = new ArrayList<>();
        devices.forEach(out::addAll);
        return out;
    }

    /** The messages ({@code {"records":[...]}}) of device d, in order. */
    public List<byte[]> messages(int d) {
        StreamingRecords shaper = new StreamingRecords(TENANT, 1_000_000);
        List<byte[]> entries = new ArrayList<>();
        for (Event e : devices.get(d)) {
            entries.add(shaper.event(e, Times.nowNanos()));
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i += PER_MESSAGE) {
            for (StreamingRecords.Message m : StreamingRecords.pack(entries.subList(i, Math.min(entries.size(),
                    i + PER_MESSAGE)), 1_000_000)) {
                out.add(m.value());
            }
        }
        return out;
    }

    /** Produces every device's messages to the topic (device d to partition d % partitions); returns messages sent. */
    public int produce(String bootstrap, String topic, int partitions) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int d = 0; d < devices.size(); d++) {
                byte[] key = deviceId(d).getBytes(StandardCharsets.UTF_8);
                for (byte[] m : messages(d)) {
                    acks.add(producer.send(new ProducerRecord<>(topic, d % partitions, key, m)));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : acks) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        return acks.size();
    }

    /** The AlertIds the built-in rules raise over every device's events. */
    public Set<String> expectedAlertIds() throws Exception {
        List<Rule> rules = new RuleLoader().loadBuiltin();
        EventAncestry ancestry = new EventAncestry();
        Set<String> ids = new LinkedHashSet<>();
        Detector d = new Detector(rules, Tuning.NONE, a -> ids.add(a.alertId()), ancestry);
        long now = Times.parse(NOW);
        for (Event e : all()) {
            ancestry.observe(e);
            d.accept(e, now);
        }
        return ids;
    }
}
