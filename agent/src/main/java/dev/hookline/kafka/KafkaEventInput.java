package dev.hookline.kafka;

import dev.hookline.io.EventJsonReader;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads MDE events from a topic as a member of a consumer group ({@code hookline detect --from-kafka}): each message
 * is a Defender streaming-API envelope ({@code {"records":[{"category":"AdvancedHunting-<Table>","properties":{row}}]}},
 * Defender's own export or Hookline's {@code events.kafka}), a single record, or a flat row with {@code "Type"}; the
 * rows go to the MDE table their category names (records of other categories, such as Hookline's alerts or
 * Defender tables Hookline does not have, are counted and skipped).
 *
 * <p>At least once: after each poll's messages have been handed to the sink, {@link Sink#durable()} is called (the
 * caller syncs its alert outputs) and only then are the offsets of those messages committed. A crash before the
 * commit makes the group deliver the messages again, and the rules raise the same alerts with the same AlertId
 * (ids are derived from rule and event), for the consumer of the alerts to drop. Kafka's partitions and the group
 * protocol distribute the work: adding consumers with the same group id splits the partitions among them.
 *
 * <p>Not thread-safe apart from {@link #stop()}, which may be called from any thread (a shutdown hook).
 */
public final class KafkaEventInput implements AutoCloseable {
    /** Where the events go. */
    public interface Sink {
        /** One event (the instance is reused: copy what must be kept). */
        void accept(Event e);

        /** Everything accepted so far must be durable when this returns: the offsets are committed next. */
        void durable() throws IOException;
    }

    /** When to stop by itself: after {@code maxRecords} events (0: no limit), or after {@code idle} without any. */
    public record Limits(long maxRecords, Duration idle) {
        public static final Limits NONE = new Limits(0, null);
    }

    /** What a run did. */
    public record Totals(long messages, long events, long skipped, long commits) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final EventJsonReader reader = new EventJsonReader();
    private final Consumer<String> problems;
    private volatile boolean stopping;
    private volatile Set<TopicPartition> assigned = Set.of();
    /** When the member last joined the group (a rebalance gave it its partitions, maybe none); 0 before that. */
    private long joinedNanos;
    private long messages;
    private long events;
    private long skipped;
    private long reported;
    private long commits;

    /**
     * @param problems where the first skipped messages and records are described (topic, partition, offset and
     *     reason); every one is counted in {@link Totals#skipped()}
     */
    public KafkaEventInput(KafkaSettings settings, String groupId, Consumer<String> problems) throws IOException {
        this.topic = settings.topic();
        this.problems = problems;
        this.consumer = new KafkaConsumer<>(settings.consumerProperties(groupId));
    }

    /**
     * Joins the group and consumes until {@link #stop()}, the limits (the idle time counts from the last message
     * or from joining the group, whichever is later), or an error. Returns after committing the
     * offsets of every message whose events reached a {@link Sink#durable()} that returned. If durable() throws,
     * nothing more is committed and the exception propagates (the messages since the last commit are delivered
     * again, to this group's next consumer).
     */
    public Totals run(Sink sink, Limits limits) throws IOException {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // nothing to commit here: every poll's work is committed before the next poll
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned = Set.copyOf(consumer.assignment());
                joinedNanos = System.nanoTime(); // called with no partitions too: the member has joined
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                assigned = Set.copyOf(consumer.assignment());
            }
        });
        long lastRecordNanos = System.nanoTime();
        Event scratch = new Event();
        EventJsonReader.Rows rows = new EventJsonReader.Rows() {
            @Override
            public Event open() {
                return scratch;
            }

            @Override
            public void commit() {
                events++;
                sink.accept(scratch);
            }
        };
        try {
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                if (polled.isEmpty()) {
                    // idle counts from the last message or the last (re)join, whichever is later: joining a group
                    // on a loaded host can take longer than the idle time, and must not end the run unread
                    long since = Math.max(lastRecordNanos, joinedNanos);
                    if (limits.idle() != null && joinedNanos != 0
                            && System.nanoTime() - since > limits.idle().toNanos()) {
                        break;
                    }
                    continue;
                }
                lastRecordNanos = System.nanoTime();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                boolean limitReached = false;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    handle(r, rows);
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (limits.maxRecords() > 0 && events >= limits.maxRecords()) {
                        limitReached = true;
                        break;
                    }
                }
                sink.durable();
                commit(done);
                if (limitReached) {
                    break;
                }
            }
        } finally {
            consumer.unsubscribe(); // leaves the group now: its partitions go to the others at once
        }
        return totals();
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        try {
            consumer.commitSync(done);
        } catch (WakeupException e) {
            consumer.commitSync(done); // a stop() during the commit: the work is done, keep its offsets
            stopping = true;
        }
        commits++;
    }

    /** One message: an envelope, a record or a row; what cannot be read is described and skipped. */
    private void handle(ConsumerRecord<byte[], byte[]> r, EventJsonReader.Rows rows) {
        messages++;
        byte[] v = r.value();
        if (v == null) {
            problem(r, "empty message (a tombstone)");
            return;
        }
        reader.parseLine(v, 0, v.length, r.offset(), rows, new EventJsonReader.Problems() {
            @Override
            public void skipped(long offset, String reason) {
                problem(r, reason);
            }

            @Override
            public void repaired(long offset, String reason) {
                // read with U+FFFD: the event still counts
            }
        });
    }

    private void problem(ConsumerRecord<byte[], byte[]> r, String reason) {
        skipped++;
        if (reported++ < 20) {
            problems.accept(r.topic() + " partition " + r.partition() + " offset " + r.offset() + ": " + reason);
        }
    }

    /** The partitions this member was last assigned (safe from any thread: the consumer itself is not). */
    public Set<TopicPartition> assignment() {
        return assigned;
    }

    /** Asks {@link #run} to return after the poll in progress (safe from any thread). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    public Totals totals() {
        return new Totals(messages, events, skipped, commits);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
