package dev.hookline.kafka;

import dev.hookline.collector.HealthSink;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.EventOutput;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import dev.hookline.transport.spool.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes alerts or raw events to Kafka / Azure Event Hubs in Defender's streaming-API envelope, at least once.
 *
 * <p>{@link #write(String)} / {@link #write(Event)} only shape the record ({@link StreamingRecords}) and append it
 * to a durable {@link Spool}: disk speed, never the network, and nothing lost while the brokers are down or the
 * agent is killed. A sender thread reads batches from the spool's acknowledged position, packs them into
 * {@code {"records":[...]}} messages keyed by DeviceId within the message limit, sends them with the idempotent
 * producer (acks=all) and acknowledges the spool only when every message of the batch is acknowledged by the
 * brokers. On any failure the producer is closed (an idempotent producer after a fatal error cannot go on), the
 * sender backs off with jitter and resends from the acknowledged position: a record may then be published twice,
 * with the same AlertId / ReportId, for the consumer to drop.
 *
 * <p>Bounded: the spool evicts its oldest records beyond its size. Every record dropped (evicted, too large for a
 * message, an alert line that is not JSON) is counted and raised as an agent-health alert by the sender thread.
 */
public final class KafkaOutput implements AlertOutput, EventOutput {
    private static final Logger LOG = Logger.getLogger(KafkaOutput.class.getName());

    /** What the sender is doing; exported as {@code connection_state} (the ordinal). */
    public enum State { CONNECTING, CONNECTED, BACKING_OFF, STOPPED }

    private final KafkaSettings s;
    private final HealthSink health;
    private final Spool spool;
    private final StreamingRecords records;
    private final Thread sender;
    private final Object signal = new Object();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile State state = State.CONNECTING;
    private boolean closed;

    private volatile long messagesSent;
    private volatile long recordsSent;
    private volatile long retries;
    private volatile long spoolRefused;
    private volatile String lastError = "";
    private long dropsReported;

    /**
     * Opens the spool (recovering what a previous run left unsent) and starts the sender. The producer is created
     * by the sender, so an unreachable or unresolvable broker never stops the agent from starting.
     *
     * @param health where dropped records are raised, or null
     */
    public KafkaOutput(KafkaSettings settings, HealthSink health) throws IOException {
        this.s = settings;
        this.health = health;
        this.records = new StreamingRecords(s.tenantId, s.maxMessageBytes);
        long seg = Math.max(1024, Math.min(8L << 20, s.spoolMaxBytes / 4));
        this.spool = new Spool(s.spoolDir, new Spool.Config(s.spoolMaxBytes, seg, FsyncPolicy.defaultPolicy()));
        sender = new Thread(this::run, "hookline-" + s.name);
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public String name() {
        return s.name;
    }

    /** Appends an alert line (as a {@value StreamingRecords#ALERT_CATEGORY} record) and wakes the sender. */
    @Override
    public void write(String jsonLine) throws IOException {
        byte[] entry;
        synchronized (records) {
            entry = records.alert(jsonLine, Times.nowNanos());
        }
        if (entry == null) {
            return; // counted, raised by the sender
        }
        append(entry);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Appends an event (as an AdvancedHunting-&lt;Table&gt; record); the sender takes it within the linger time. */
    @Override
    public void write(Event event) throws IOException {
        byte[] entry;
        synchronized (records) {
            entry = records.event(event, Times.nowNanos());
        }
        if (entry != null) {
            append(entry);
        }
    }

    private void append(byte[] entry) throws IOException {
        if (spool.append(entry) < 0) {
            spoolRefused++;
            throw new IOException("record too large for the Kafka spool (" + entry.length + " bytes)");
        }
    }

    @Override
    public void flush() throws IOException {
        spool.flush();
    }

    /**
     * Waits until the brokers acknowledged every record appended so far, or the time is up (a replay pushing a
     * capture through waits here before it exits; the agent never does).
     *
     * @return true when the spool is empty
     */
    public boolean drain(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (spool.depth() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            synchronized (signal) {
                signal.notifyAll();
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The spool's directory, for messages about what is left in it. */
    public Path spoolDir() {
        return s.spoolDir;
    }

    /** Stops the sender (giving the messages in flight a few seconds) and closes the spool; unsent records stay. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stop(Duration.ofSeconds(5));
        spool.close();
    }

    /**
     * Test hook standing in for a killed agent: the sender stops without acknowledging anything further and the
     * spool is dropped without a flush or close (see {@link Spool#abandonForCrashTest()}).
     */
    public synchronized void abandonForCrashTest() {
        closed = true;
        abandoned = true;
        stop(Duration.ZERO);
        spool.abandonForCrashTest();
    }

    private void stop(Duration grace) {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(grace); // wakes a send blocked on metadata and a flush waiting for acks
        }
        try {
            sender.join(grace.toMillis() + s.maxBlockMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer(Duration.ZERO);
        state = State.STOPPED;
    }

    private void run() {
        long cursor = spool.ackedSeq();
        int failures = 0;
        int batchLimit = s.maxBatchRecords;
        while (running) {
            try {
                reportDrops();
                spool.syncIfDue();
                long readBytes = 4L * s.maxMessageBytes;
                Spool.Batch batch = spool.read(cursor, batchLimit, readBytes);
                if (batch.isEmpty() || (batch.records().size() < batchLimit && young(batch))) {
                    waitFor(batch.isEmpty() ? 1_000 : s.lingerMillis);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    batch = spool.read(cursor, batchLimit, readBytes);
                }
                send(batch);
                if (abandoned) {
                    return; // a killed process acknowledges nothing more
                }
                recordsSent += batch.records().size(); // before the ack: a drained spool shows in the counters
                spool.ack(batch.nextSeq());
                cursor = batch.nextSeq();
                failures = 0;
                state = State.CONNECTED;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                retries++;
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                lastError = cause.getClass().getSimpleName();
                LOG.log(failures == 0 ? Level.WARNING : Level.FINE, s.name + ": publishing to " + s.bootstrapServers
                        + " topic " + s.topic + " failed: " + redact(cause.toString()) + "; retrying with backoff");
                closeProducer(Duration.ZERO);
                cursor = spool.ackedSeq(); // resend everything not acknowledged
                backoff(++failures);
            }
        }
    }

    /** Sends every message of the batch and waits until the brokers acknowledged all of them. */
    private void send(Spool.Batch batch) throws Exception {
        KafkaProducer<byte[], byte[]> p = producer();
        List<StreamingRecords.Message> msgs = StreamingRecords.pack(batch.records(), s.maxMessageBytes);
        List<Future<RecordMetadata>> acks = new ArrayList<>(msgs.size());
        for (StreamingRecords.Message m : msgs) {
            acks.add(p.send(new ProducerRecord<>(s.topic, m.key(), m.value())));
        }
        p.flush();
        for (Future<RecordMetadata> f : acks) {
            f.get();
        }
        messagesSent += msgs.size();
    }

    private KafkaProducer<byte[], byte[]> producer() throws IOException {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            state = State.CONNECTING;
            p = new KafkaProducer<>(s.producerProperties());
            producer = p;
            if (!running) { // close() ran while it was being created
                closeProducer(Duration.ZERO);
                throw new IOException("closed");
            }
        }
        return p;
    }

    private void closeProducer(Duration grace) {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(grace);
            } catch (RuntimeException e) {
                LOG.fine(s.name + ": closing the producer: " + e);
            }
        }
    }

    /** Raises one health alert per sender round in which records were dropped (HealthAlerts rate-limits them). */
    private void reportDrops() {
        long total = dropped();
        if (total > dropsReported) {
            long n = total - dropsReported;
            dropsReported = total;
            String msg = s.name + " dropped " + n + " record(s) (" + total + " in all: " + spool.evictedRecords()
                    + " evicted from the full spool " + s.spoolDir + ", " + droppedTooLarge() + " larger than "
                    + s.maxMessageBytes + " bytes, " + badAlertLines() + " alert lines not JSON, " + spoolRefused
                    + " refused by the spool)";
            LOG.warning(msg);
            if (health != null) {
                health.healthAlert("KafkaRecordsDropped", msg);
            }
        }
    }

    private long droppedTooLarge() {
        synchronized (records) {
            return records.droppedTooLarge();
        }
    }

    private long badAlertLines() {
        synchronized (records) {
            return records.badAlertLines();
        }
    }

    /** Every record lost on the way: evicted, too large, not JSON, refused by the spool. */
    public long dropped() {
        return spool.evictedRecords() + droppedTooLarge() + badAlertLines() + spoolRefused;
    }

    private boolean young(Spool.Batch b) {
        return System.currentTimeMillis() - b.firstAppendMillis() < s.lingerMillis;
    }

    private String redact(String m) {
        return s.secret() == null ? m : s.secret().redact(m);
    }

    /** Exponential backoff with equal jitter. */
    private void backoff(int failures) {
        state = State.BACKING_OFF;
        long step = Math.min(s.backoffMaxMillis, s.backoffInitialMillis << Math.min(failures - 1, 20));
        long sleep = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep);
        while (running) { // the full time: a new record must not cut a backoff short
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            waitFor(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Sleeps up to {@code millis}, woken early by an alert or by close (no interrupts: they would close the spool). */
    private void waitFor(long millis) {
        synchronized (signal) {
            if (!running) {
                return;
            }
            try {
                signal.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public State state() {
        return state;
    }

    /** Records not yet acknowledged by the brokers. */
    public long spoolDepth() {
        return spool.depth();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("spool_depth", spool.depth());
        m.put("oldest_unacked_age_ms", spool.oldestUnackedAgeMillis());
        m.put("connection_state", (long) state.ordinal());
        m.put("messages_sent", messagesSent);
        m.put("records_sent", recordsSent);
        m.put("retries", retries);
        m.put("dropped", dropped());
        m.put("dropped_too_large", droppedTooLarge());
        m.put("bad_alert_lines", badAlertLines());
        m.put("spool_refused", spoolRefused);
        m.put("evicted", spool.evictedRecords());
        for (Map.Entry<String, Long> e : spool.counters().entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return m;
    }

    /** The simple name of the last error's exception ("" while none), for status. */
    public String lastError() {
        return lastError;
    }

    @Override
    public String toString() {
        return "KafkaOutput[" + s + "]";
    }
}
