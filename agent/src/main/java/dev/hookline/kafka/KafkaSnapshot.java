package dev.hookline.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A bounded snapshot of a topic ({@code hookline query --from-kafka}): every partition from its beginning to the end
 * offset it had when the snapshot started, each message written as one line (the envelope's JSON has no raw line
 * breaks; any a producer left are turned into spaces, which JSON reads the same outside strings and which cannot
 * occur inside them). The lines are what the events-file reader takes, so the query then runs as over a file.
 * No group, no commits: the topic is only read.
 */
public final class KafkaSnapshot {
    /** What was read: messages, and the end offsets per partition the snapshot stopped at. */
    public record Totals(long messages, Map<Integer, Long> endOffsets) {
    }

    private KafkaSnapshot() {
    }

    /**
     * Reads the topic to {@code out}.
     *
     * @param timeout how long to wait for the brokers at all (metadata, offsets) and without progress
     */
    public static Totals read(KafkaSettings settings, OutputStream out, Duration timeout) throws IOException {
        String topic = settings.topic();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings.consumerProperties(null))) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, timeout);
            } catch (RuntimeException e) {
                throw new IOException("cannot read the partitions of topic " + topic + " from "
                        + settings.bootstrapServers() + ": " + e.getMessage(), e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IOException("topic " + topic + " does not exist on " + settings.bootstrapServers());
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : infos) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, timeout));
            Map<Integer, Long> ends = new HashMap<>();
            end.forEach((tp, o) -> ends.put(tp.partition(), o));
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition tp : parts) {
                if (c.position(tp, timeout) < end.get(tp)) {
                    open.add(tp);
                }
            }
            c.pause(difference(parts, open));
            long messages = 0;
            long lastProgress = System.nanoTime();
            while (!open.isEmpty()) {
                boolean progress = false;
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue; // written after the snapshot started
                    }
                    progress = true;
                    if (r.value() != null) {
                        writeLine(r.value(), out);
                        messages++;
                    }
                }
                List<TopicPartition> finished = new ArrayList<>();
                for (TopicPartition tp : open) {
                    // a position at or past the end: done (transaction markers and compaction leave gaps)
                    if (c.position(tp, timeout) >= end.get(tp)) {
                        finished.add(tp);
                    }
                }
                if (!finished.isEmpty()) {
                    open.removeAll(finished);
                    c.pause(finished);
                    progress = true;
                }
                if (progress) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new IOException("reading topic " + topic + " made no progress for " + timeout.toSeconds()
                            + " s (partitions left: " + open + ")");
                }
            }
            return new Totals(messages, ends);
        }
    }

    private static List<TopicPartition> difference(List<TopicPartition> all, List<TopicPartition> minus) {
        List<TopicPartition> out = new ArrayList<>(all);
        out.removeAll(minus);
        return out;
    }

    private static void writeLine(byte[] value, OutputStream out) throws IOException {
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\n' || value[i] == '\r') {
                value[i] = ' ';
            }
        }
        out.write(value);
        out.write('\n');
    }
}
